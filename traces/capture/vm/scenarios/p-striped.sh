# variant, eleventh round (variant8_job, not bundled): a 3-way stripe of 32 KiB chunks
build() { mk str "0 393216 striped 3 64 $DISK0 0 $DISK1 0 $DISK2 0"; }
TOP=str
TRACE="str $DISK0 $DISK1 $DISK2"
job() { variant8_job "$1"; }
