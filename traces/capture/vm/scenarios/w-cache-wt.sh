# variant, second round (not bundled): dm-cache (smq, writethrough, 128 KiB blocks), another job
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 131072 linear $DISK1 0" &&
    mk corig "0 524288 linear $DISK0 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 256 1 writethrough smq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 3; }
job() {
    fio_section global direct=1 randrepeat=1 randseed=7373 group_reporting=0 "filename=$1"
    fio_section randread-8k-hot16m-pass1 ioengine=libaio iodepth=8 rw=randread bs=8k size=16m number_ios=600 ''
    fio_section randwrite-8k-hot16m stonewall ioengine=psync rw=randwrite bs=8k size=16m number_ios=400 fsync=32 ''
    fio_section randread-8k-hot16m-pass2 stonewall ioengine=libaio iodepth=8 rw=randread bs=8k size=16m \
        number_ios=600 ''
    fio_section seqread-256k stonewall ioengine=libaio iodepth=2 rw=read bs=256k offset=64m size=8m ''
    fio_section trim-128k stonewall ioengine=psync rw=randtrim bs=128k size=16m number_ios=16
}
