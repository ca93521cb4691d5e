# variant, seventh round (variant5_job, not bundled): dm-raid raid1, two legs, nosync, the second write-mostly
# (reads go to the first)
build() { mk r1 "0 262144 raid raid1 6 0 region_size 1024 nosync write_mostly 1 2 - $DISK0 - $DISK1"; }
TOP=r1
TRACE="r1 $DISK0 $DISK1"
job() { variant5_job "$1"; }
