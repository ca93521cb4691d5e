# variant, eleventh round (variant3_job, not bundled): a thin volume (256 KiB blocks, skip_block_zeroing) with
# an external origin of 150,000 sectors on a linear device
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk eorig "0 150000 linear $DISK1 8" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 512 0 1 skip_block_zeroing" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0 /dev/mapper/eorig"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta eorig $DISK0 $DISK1 $DISK2"
job() { variant3_job "$1"; }
