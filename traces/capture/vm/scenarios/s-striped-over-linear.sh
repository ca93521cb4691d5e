# variant, seventh round (variant5_job, not bundled): a 4-way stripe (64 KiB chunks) over four linear devices
build() {
    mk l0 "0 131072 linear $DISK0 4096" &&
    mk l1 "0 131072 linear $DISK1 0" &&
    mk l2 "0 131072 linear $DISK2 2048" &&
    mk l3 "0 131072 linear $DISK3 0" &&
    mk str4 "0 524288 striped 4 128 /dev/mapper/l0 0 /dev/mapper/l1 0 /dev/mapper/l2 0 /dev/mapper/l3 0"
}
TOP=str4
TRACE="str4 l0 l1 l2 l3 $DISK0 $DISK1 $DISK2 $DISK3"
job() { variant5_job "$1"; }
