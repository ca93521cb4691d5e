# variant (variant_job, not bundled: to check the model on captures it was not developed on): dm-raid raid1 nosync
build() {
    mk r1 "0 262144 raid raid1 4 0 region_size 1024 nosync 2 - $DISK0 - $DISK1"
}
TOP=r1
TRACE="r1 $DISK0 $DISK1"
job() { variant_job "$1"; }
