# striped4-big: four stripes of 256 KiB chunks with large sequential I/O, where the disks merge requests.
build() {
    mk str4 "0 2097152 striped 4 512 $DISK0 0 $DISK1 0 $DISK2 0 $DISK3 0"
}
TOP=str4
TRACE="str4 $DISK0 $DISK1 $DISK2 $DISK3"
job() {
    fio_section global "filename=$1" direct=1
    fio_section seq-write-1m ioengine=libaio iodepth=8 rw=write bs=1m size=64m
    fio_section seq-read-512k stonewall ioengine=libaio iodepth=8 rw=read bs=512k size=64m
}
