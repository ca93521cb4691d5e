# variant, eleventh round (variant8_job, not bundled): a 2-leg mirror (core log, 512 KiB regions, nosync)
build() { mk mir "0 262144 mirror core 2 1024 nosync 2 $DISK0 0 $DISK1 0 1 handle_errors"; }
TOP=mir
TRACE="mir $DISK0 $DISK1"
job() { variant8_job "$1"; }
