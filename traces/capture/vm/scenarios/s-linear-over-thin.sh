# variant, seventh round (variant5_job, not bundled): a linear device at an offset into a thin volume (64 KiB
# blocks, zeroing on)
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 393216 thin /dev/mapper/pool 0" &&
    mk lv "0 262144 linear /dev/mapper/thin0 65536"
}
TOP=lv
TRACE="lv thin0 pool tdata tmeta $DISK0 $DISK2"
job() { variant5_job "$1"; }
