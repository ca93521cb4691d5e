# variant, tenth round (variant7_job, not bundled): dm-raid raid1, two legs, nosync under buffered I/O
build() { mk r1 "0 262144 raid raid1 4 0 region_size 1024 nosync 2 - $DISK0 - $DISK1"; }
TOP=r1
TRACE="r1 $DISK0 $DISK1"
job() { variant7_job "$1"; }
