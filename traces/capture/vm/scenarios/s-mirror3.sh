# variant, seventh round (variant5_job, not bundled): a 3-leg mirror (core log, 64 KiB regions, nosync)
build() { mk mir "0 262144 mirror core 2 128 nosync 3 $DISK0 0 $DISK1 0 $DISK3 0 1 handle_errors"; }
TOP=mir
TRACE="mir $DISK0 $DISK1 $DISK3"
job() { variant5_job "$1"; }
