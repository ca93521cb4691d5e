# variant, sixth round (variant4_job, not bundled): dm-delay, reads 3 ms and writes 12 ms on the same disk
build() { mk dly "0 262144 delay $DISK0 0 3 $DISK0 0 12"; }
TOP=dly
TRACE="dly $DISK0"
job() { variant4_job "$1"; }
