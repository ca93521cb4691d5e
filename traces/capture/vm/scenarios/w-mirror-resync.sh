# variant, second round (variant2_job, not bundled): a two-leg dm-mirror with 64 KiB regions starting out of sync
LEG=524288
REGION=128
build() {
    mk_late mir2 "0 $LEG mirror core 2 $REGION sync 2 $DISK0 0 $DISK1 0 1 handle_errors"
}
TOP=mir2
TRACE="mir2 $DISK0 $DISK1"
settle() { wait_in_sync mir2 300; sleep 1; }
job() { variant2_job "$1"; }
