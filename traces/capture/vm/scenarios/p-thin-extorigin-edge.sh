# variant, eleventh round (its own job, not bundled): a thin volume (128 KiB blocks, zeroing on) whose external
# origin (100,000 sectors) ends 160 sectors into block 390, under I/O around that end: reads across it (cut there),
# past it (zeroes, no I/O), partial writes into the block across it (a partial copy and a zeroed tail), before it
# (whole-block copies) and past it (zeroing)
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk eorig "0 100000 linear $DISK1 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 256 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0 /dev/mapper/eorig"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta eorig $DISK0 $DISK1 $DISK2"
job() {
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=5959 group_reporting=0
    fio_section read-across-once ioengine=psync rw=read bs=64k offset=51167232 size=64k ''
    fio_section reads-near-end stonewall ioengine=libaio iodepth=4 rw=randread bs=16k blockalign=512 \
        offset=50331648 size=2m number_ios=200 ''
    fio_section reads-past-end stonewall ioengine=libaio iodepth=4 rw=randread bs=4k offset=64m size=16m \
        number_ios=100 ''
    fio_section writes-in-end-block stonewall ioengine=psync rw=randwrite bs=4k offset=51118080 size=128k \
        number_ios=8 fsync=4 ''
    fio_section writes-before-end stonewall ioengine=libaio iodepth=4 rw=randwrite bs=4k size=32m number_ios=100 ''
    fio_section writes-past-end stonewall ioengine=libaio iodepth=4 rw=randwrite bs=4k offset=50m size=4m \
        number_ios=50 ''
    fio_section reread-near-end stonewall ioengine=libaio iodepth=4 rw=randread bs=16k blockalign=512 \
        offset=50331648 size=2m number_ios=100
}
