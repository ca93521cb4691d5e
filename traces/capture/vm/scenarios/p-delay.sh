# variant, eleventh round (variant8_job, not bundled): dm-delay, reads 1 ms on one disk, writes 6 ms on another
build() { mk dly "0 262144 delay $DISK0 0 1 $DISK1 0 6"; }
TOP=dly
TRACE="dly $DISK0 $DISK1"
job() { variant8_job "$1"; }
