# variant, second round (not bundled): dm-delay with reads held 5 ms on one disk and writes 30 ms on another
build() {
    mk dly "0 262144 delay $DISK0 0 5 $DISK1 0 30"
}
TOP=dly
TRACE="dly $DISK0 $DISK1"
job() {
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=7373
    fio_section qd8-mix ioengine=libaio iodepth=8 rw=randrw rwmixread=50 bs=8k size=32m number_ios=300
    fio_section seq-writes stonewall ioengine=psync rw=write bs=64k offset=40m size=2m
}
