# variant, tenth round (variant7_job, not bundled): linear under buffered I/O
build() { mk lin "0 262144 linear $DISK0 0"; }
TOP=lin
TRACE="lin $DISK0"
job() { variant7_job "$1"; }
