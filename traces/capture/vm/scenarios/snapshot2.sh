# snapshot2: two persistent snapshots (4 KiB chunks) of one origin. base-real is the origin's data (vda), each
# snapshot has its own exception store (cow1 on vdb, cow2 on vdc). A write to an origin chunk that neither
# snapshot has copied yet makes a pending exception in each snapshot; each is copied by kcopyd to its own store,
# and the origin write waits for both (__origin_write). Snapshot writes and reads go through each snapshot's
# own exception table.
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk cow1 "0 262144 linear $DISK1 0" &&
    mk cow2 "0 262144 linear $DISK2 0" &&
    mk snap1 "0 262144 snapshot /dev/mapper/base-real /dev/mapper/cow1 P 8" &&
    mk snap2 "0 262144 snapshot /dev/mapper/base-real /dev/mapper/cow2 P 8" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=base
TRACE="base snap1 snap2 base-real cow1 cow2 $DISK0 $DISK1 $DISK2"
job() {
    fio_section global direct=1 randrepeat=1 randseed=4242 group_reporting=0 ''
    fio_section origin-randwrite-4k-fsync32 "filename=$1" ioengine=psync rw=randwrite bs=4k size=32m number_ios=400 \
        fsync=32 ''
    fio_section origin-seqwrite-64k stonewall "filename=$1" ioengine=libaio iodepth=4 rw=write bs=64k offset=40m \
        size=2m ''
    fio_section snap1-randwrite-4k stonewall "filename=$(kdev snap1)" ioengine=psync rw=randwrite bs=4k offset=64m \
        size=16m number_ios=200 ''
    fio_section snap2-randread-4k-qd4 stonewall "filename=$(kdev snap2)" ioengine=libaio iodepth=4 rw=randread bs=4k \
        size=48m number_ios=400 ''
    fio_section snap1-randread-4k stonewall "filename=$(kdev snap1)" ioengine=psync rw=randread bs=4k size=48m \
        number_ios=200 ''
    fio_section origin-randread-4k stonewall "filename=$1" ioengine=psync rw=randread bs=4k size=32m number_ios=200
}
