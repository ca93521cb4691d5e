# variant, third round (variant3_job, not bundled): a thin pool with 64 KiB blocks and skip_block_zeroing: a
# partial write to a new block is remapped at once, nothing is zeroed
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 1 skip_block_zeroing" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta $DISK0 $DISK2"
job() { variant3_job "$1"; }
