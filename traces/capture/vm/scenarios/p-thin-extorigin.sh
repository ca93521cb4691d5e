# variant, eleventh round (variant8_job, not bundled): a thin volume (64 KiB blocks, zeroing on) with an
# external origin as large as the volume: unprovisioned reads go to the origin, first writes copy from it
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk eorig "0 262144 linear $DISK1 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0 /dev/mapper/eorig"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta eorig $DISK0 $DISK1 $DISK2"
job() { variant8_job "$1"; }
