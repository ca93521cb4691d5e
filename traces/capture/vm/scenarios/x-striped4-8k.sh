# variant, third round (variant3_job, not bundled): four stripes of 8 KiB chunks: most bios are split, and the
# pieces on each disk merge again
build() { mk str48 "0 1048576 striped 4 16 $DISK0 0 $DISK1 0 $DISK2 0 $DISK3 0"; }
TOP=str48
TRACE="str48 $DISK0 $DISK1 $DISK2 $DISK3"
job() { variant3_job "$1"; }
