# variant, fifth round (not bundled): dm-raid raid1 with three legs, in sync from the start
build() {
    mk r1x3 "0 262144 raid raid1 4 0 region_size 1024 nosync 3 - $DISK0 - $DISK1 - $DISK3"
}
TOP=r1x3
TRACE="r1x3 $DISK0 $DISK1 $DISK3"
job() { variant3_job "$1"; }
