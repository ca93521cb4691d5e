# raid1-resync: dm-raid raid1 over two legs, no metadata devices (no bitmap) and no nosync, so md resyncs the
# whole array; traced from the resume that starts md's resync thread. raid1_sync_request reads each 64 KiB
# window from the first leg and raid1d writes it to the second, behind the resync barrier that fio's writes
# wait on. md throttles the resync while the array is busy (is_mddev_idle), so it runs slower under fio.
LEG=131072      # 64 MiB: 1024 resync windows
build() {
    mk_late r1 "0 $LEG raid raid1 3 0 region_size 1024 2 - $DISK0 - $DISK1"
}
TOP=r1
TRACE="r1 $DISK0 $DISK1"
settle() { wait_in_sync r1 300; sleep 1; }
job() { resync_job "$1"; }
