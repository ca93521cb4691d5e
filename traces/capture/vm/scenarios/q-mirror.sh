# variant, tenth round (variant7_job, not bundled): a 2-leg mirror (core log, 256 KiB regions, nosync) under buffered I/O
build() { mk mir "0 262144 mirror core 2 512 nosync 2 $DISK0 0 $DISK1 0 1 handle_errors"; }
TOP=mir
TRACE="mir $DISK0 $DISK1"
job() { variant7_job "$1"; }
