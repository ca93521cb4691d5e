# stacked: a linear volume (from sector 2048) on top of a 2-way striped device (64 KiB chunks) over two disks.
# Empty flushes go down at the linear offset; striped sends the first clone there and the others to sector 0.
build() {
    mk base "0 1048576 striped 2 128 $DISK0 0 $DISK1 0" &&
    mk vol "0 524288 linear /dev/mapper/base 2048"
}
TOP=vol
TRACE="vol base $DISK0 $DISK1"
