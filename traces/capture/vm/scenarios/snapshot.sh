# snapshot: one persistent snapshot (4 KiB chunks) of an origin, as in traces/snapshot-small: origin writes are
# copied to the exception store first (kcopyd, then a metadata commit with PREFLUSH|FUA), whole-chunk snapshot
# writes are written by the snapshot itself.
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk base-cow "0 262144 linear $DISK1 0" &&
    mk snap "0 262144 snapshot /dev/mapper/base-real /dev/mapper/base-cow P 8" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=base
TRACE="base snap base-real base-cow $DISK0 $DISK1"
job() {
    fio_section global direct=1 randrepeat=1 randseed=4242 group_reporting=0 ''
    fio_section origin-randwrite-4k-fsync32 "filename=$1" ioengine=psync rw=randwrite bs=4k size=32m number_ios=600 \
        fsync=32 ''
    fio_section origin-seqwrite-64k stonewall "filename=$1" ioengine=libaio iodepth=4 rw=write bs=64k offset=40m \
        size=4m ''
    fio_section snap-randwrite-4k stonewall "filename=$(kdev snap)" ioengine=psync rw=randwrite bs=4k offset=64m \
        size=16m number_ios=300 ''
    fio_section snap-randread-4k-qd4 stonewall "filename=$(kdev snap)" ioengine=libaio iodepth=4 rw=randread bs=4k \
        size=80m number_ios=600 ''
    fio_section origin-randread-4k stonewall "filename=$1" ioengine=psync rw=randread bs=4k size=32m number_ios=300
}
