# raid1-resync: a new dm-raid raid1 as LVM builds it: two legs (vda, vdb), each with a metadata device (vdc, vdd,
# zeroed heads), no nosync. The zeroed metadata makes dm-raid treat the array as new (MD_ARRAY_FIRST_USE), so md
# resyncs it whole; the metadata devices get the superblocks and the write-intent bitmap (region_size = bitmap
# chunk). Without metadata devices dm-raid 6.1 cannot tell the array is new and starts it in sync: no resync.
# Traced from the resume that starts md's resync thread: raid1_sync_request reads each 64 KiB window from one
# leg and raid1d writes it to the other, behind the resync barrier that fio's writes wait on.
LEG=524288      # 256 MiB, the whole disk: 4096 resync windows (md resyncs ~140 MB/s idle under TCG)
build() {
    mk_late r1 "0 $LEG raid raid1 3 0 region_size 1024 2 $DISK2 $DISK0 $DISK3 $DISK1"
}
TOP=r1
TRACE="r1 $DISK0 $DISK1 $DISK2 $DISK3"
settle() { wait_in_sync r1 300; sleep 1; }
job() { resync_job "$1"; }
