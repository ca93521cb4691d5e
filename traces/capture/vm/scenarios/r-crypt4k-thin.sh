# variant, ninth round (variant6_job, not bundled): dm-crypt with 4 KiB sectors over a thin volume (128 KiB
# blocks, zeroing on)
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 256 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0" &&
    mk ct "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/thin0 0 2 allow_discards sector_size:4096"
}
TOP=ct
TRACE="ct thin0 pool tdata tmeta $DISK0 $DISK2"
job() { variant6_job "$1"; }
