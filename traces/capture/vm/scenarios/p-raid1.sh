# variant, eleventh round (variant8_job, not bundled): dm-raid raid1, two legs, nosync
build() { mk r1 "0 262144 raid raid1 4 0 region_size 2048 nosync 2 - $DISK0 - $DISK1"; }
TOP=r1
TRACE="r1 $DISK0 $DISK1"
job() { variant8_job "$1"; }
