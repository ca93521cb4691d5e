# striped: two stripes of 64 KiB chunks over the first two disks.
build() {
    mk str "0 1048576 striped 2 128 $DISK0 0 $DISK1 0"
}
TOP=str
TRACE="str $DISK0 $DISK1"
