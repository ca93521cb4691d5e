# cache: dm-cache (smq, writeback, 64 KiB blocks) with 8 MiB metadata (vdc), a 64 MiB cache device (vdb) and a
# 256 MiB origin (vda), as in traces/real-cache. The guest zeroes the disk heads first, so the cache starts
# empty. Shows promotions (kcopyd origin -> cache), write hits and misses, write-back of dirty blocks in the idle
# seconds after the writes (settle waits for them) and metadata commits.
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 131072 linear $DISK1 0" &&
    mk corig "0 524288 linear $DISK0 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 128 1 writeback smq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 5; }
job() {
    fio_section global direct=1 randrepeat=1 randseed=4242 group_reporting=0 "filename=$1"
    fio_section randwrite-4k-hot8m ioengine=psync rw=randwrite bs=4k size=8m number_ios=800 fsync=64 ''
    fio_section randread-4k-hot8m-pass1 stonewall ioengine=libaio iodepth=4 rw=randread bs=4k size=8m \
        number_ios=1000 ''
    fio_section randread-4k-hot8m-pass2 stonewall ioengine=libaio iodepth=4 rw=randread bs=4k size=8m \
        number_ios=1000 ''
    fio_section seqwrite-128k stonewall ioengine=libaio iodepth=4 rw=write bs=128k offset=64m size=8m ''
    fio_section trim-64k stonewall ioengine=psync rw=randtrim bs=64k size=8m number_ios=32
}
