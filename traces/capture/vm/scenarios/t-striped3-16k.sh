# variant, sixth round (variant4_job, not bundled): 3 stripes of 16 KiB chunks, so 128 KiB writes span all legs
build() { mk str3 "0 786432 striped 3 32 $DISK0 0 $DISK1 0 $DISK3 0"; }
TOP=str3
TRACE="str3 $DISK0 $DISK1 $DISK3"
job() { variant4_job "$1"; }
