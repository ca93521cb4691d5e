# variant, ninth round (variant6_job, not bundled): dm-raid raid1, three legs, nosync
build() { mk r1 "0 262144 raid raid1 4 0 region_size 1024 nosync 3 - $DISK0 - $DISK1 - $DISK3"; }
TOP=r1
TRACE="r1 $DISK0 $DISK1 $DISK3"
job() { variant6_job "$1"; }
