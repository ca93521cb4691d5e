# variant, third round (variant3_job, not bundled): a three-leg dm-mirror with a disk dirty log (on its own disk)
# and 128 KiB regions, starting out of sync: recovery, log writes and the workload together
LEG=262144
build() {
    mk mlog "0 8192 linear $DISK2 0" &&
    mk_late mir3d "0 $LEG mirror disk 2 /dev/mapper/mlog 256 3 $DISK0 0 $DISK1 0 $DISK3 0 1 handle_errors"
}
TOP=mir3d
TRACE="mir3d mlog $DISK0 $DISK1 $DISK2 $DISK3"
settle() { wait_in_sync mir3d 300; sleep 1; }
job() { variant3_job "$1"; }
