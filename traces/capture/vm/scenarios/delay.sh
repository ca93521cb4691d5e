# delay: every bio held 20 ms by dm-delay's worker before it goes to the disk.
build() {
    mk dly "0 262144 delay $DISK0 0 20"
}
TOP=dly
TRACE="dly $DISK0"
job() {
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=1717
    fio_section qd4-writes ioengine=libaio iodepth=4 rw=randwrite bs=4k size=32m number_ios=200
    fio_section reads stonewall ioengine=psync rw=randread bs=4k size=32m number_ios=100
}
