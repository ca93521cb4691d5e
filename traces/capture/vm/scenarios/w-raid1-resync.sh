# variant, second round (variant2_job, not bundled): a new dm-raid raid1 with 1 MiB bitmap regions, resyncing
LEG=524288
build() {
    mk_late r1 "0 $LEG raid raid1 3 0 region_size 2048 2 $DISK2 $DISK0 $DISK3 $DISK1"
}
TOP=r1
TRACE="r1 $DISK0 $DISK1 $DISK2 $DISK3"
settle() { wait_in_sync r1 300; sleep 1; }
job() { variant2_job "$1"; }
