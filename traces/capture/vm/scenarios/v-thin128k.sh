# variant (variant_job, not bundled: to check the model on captures it was not developed on):
# thin pool with 128 KiB blocks, zeroing on
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 256 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 2097152 thin /dev/mapper/pool 0"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta $DISK0 $DISK2"
job() { variant_job "$1"; }
