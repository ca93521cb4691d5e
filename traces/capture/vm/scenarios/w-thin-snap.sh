# variant, second round (not bundled): thin-snap with 128 KiB blocks and another job: thin0 filled (32 MiB) and
# snapshotted as thin1 before tracing, then writes at depth 16 to both, whole-block overwrites, reads and trims
. /dmr/scenarios/thin-snap.sh
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 256 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0"
}
FILL_MB=32
job() {
    fio_section global direct=1 randrepeat=1 randseed=7373 group_reporting=0 ''
    fio_section thin1-randwrite-8k-qd16 "filename=$(kdev thin1)" ioengine=libaio iodepth=16 rw=randwrite bs=8k \
        size=32m number_ios=300 ''
    fio_section thin0-randwrite-16k-fsync8 stonewall "filename=$1" ioengine=psync rw=randwrite bs=16k size=32m \
        number_ios=200 fsync=8 ''
    fio_section thin1-overwrite-128k stonewall "filename=$(kdev thin1)" ioengine=libaio iodepth=2 rw=write bs=128k \
        offset=8m size=4m ''
    fio_section thin0-new-8k stonewall "filename=$1" ioengine=psync rw=randwrite bs=8k offset=32m size=32m \
        number_ios=100 ''
    fio_section thin0-randread-8k-qd4 stonewall "filename=$1" ioengine=libaio iodepth=4 rw=randread bs=8k \
        size=64m number_ios=300 ''
    fio_section thin1-trim-128k stonewall "filename=$(kdev thin1)" ioengine=psync rw=randtrim bs=128k size=32m \
        number_ios=16
}
