# variant, tenth round (variant7_job, not bundled): a 2-way stripe of 64 KiB chunks under buffered I/O
build() { mk str "0 524288 striped 2 128 $DISK0 0 $DISK1 0"; }
TOP=str
TRACE="str $DISK0 $DISK1"
job() { variant7_job "$1"; }
