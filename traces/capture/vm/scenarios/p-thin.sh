# variant, eleventh round (variant8_job, not bundled): a thin volume (128 KiB blocks, zeroing on)
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 256 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta $DISK0 $DISK2"
job() { variant8_job "$1"; }
