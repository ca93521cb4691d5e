# variant, sixth round (variant4_job, not bundled): a thin pool (64 KiB blocks, zeroing off) whose data
# device is a 2-way stripe set
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 striped 2 128 $DISK0 0 $DISK1 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 1 skip_block_zeroing" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta $DISK0 $DISK1 $DISK2"
job() { variant4_job "$1"; }
