# variant, tenth round (variant7_job, not bundled): a thin volume (64 KiB blocks, zeroing on) under buffered I/O
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta $DISK0 $DISK2"
job() { variant7_job "$1"; }
