# mirror3-resync: a three-leg dm-mirror (core log) that starts out of sync, traced from the resume that starts
# its recovery. kmirrord recovers one region at a time (MAX_RECOVERY): kcopyd reads the region from the default
# leg (vda) and writes it to vdb and vdc, while fio writes to regions already in sync (all three legs),
# not yet in sync (default leg only) and under recovery (held until the region is copied).
# LEG (sectors) and REGION (sectors) are sized so that the recovery lasts about as long as the job under TCG.
LEG=524288      # 256 MiB, the whole disk
REGION=256      # 128 KiB: 2048 regions, one kcopyd job each (below its 512 KiB sub-job size)
build() {
    mk_late mir3 "0 $LEG mirror core 2 $REGION sync 3 $DISK0 0 $DISK1 0 $DISK2 0 1 handle_errors"
}
TOP=mir3
TRACE="mir3 $DISK0 $DISK1 $DISK2"
settle() { wait_in_sync mir3 300; sleep 1; }
job() { resync_job "$1"; }
