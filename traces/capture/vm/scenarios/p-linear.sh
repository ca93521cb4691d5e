# variant, eleventh round (variant8_job, not bundled): linear at an offset
build() { mk lin "0 262144 linear $DISK0 4096"; }
TOP=lin
TRACE="lin $DISK0"
job() { variant8_job "$1"; }
