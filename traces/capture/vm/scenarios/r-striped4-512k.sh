# variant, ninth round (variant6_job, not bundled): 4 stripes of 512 KiB chunks
build() { mk str4 "0 1048576 striped 4 1024 $DISK0 0 $DISK1 0 $DISK2 0 $DISK3 0"; }
TOP=str4
TRACE="str4 $DISK0 $DISK1 $DISK2 $DISK3"
job() { variant6_job "$1"; }
