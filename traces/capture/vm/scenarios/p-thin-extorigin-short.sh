# variant, eleventh round (variant6_job, not bundled): a thin volume (128 KiB blocks, zeroing on) with an
# external origin shorter than the volume and not a whole number of blocks (100,000 sectors): reads past it are
# zeroes, reads across its end are cut there, the block across it is copied in part and the rest zeroed
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk eorig "0 100000 linear $DISK1 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 256 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0 /dev/mapper/eorig"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta eorig $DISK0 $DISK1 $DISK2"
job() { variant6_job "$1"; }
