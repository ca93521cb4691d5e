# variant, fourth round (variant3_job, not bundled): a thin pool whose data device is dm-crypt (64 KiB blocks,
# zeroing on): the pool's zeroing and the thin volume's writes are encrypted below the pool
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk craw "0 524288 linear $DISK0 0" &&
    mk cdata "0 524288 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/craw 0 1 allow_discards" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/cdata 128 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0"
}
TOP=thin0
TRACE="thin0 pool cdata craw tmeta $DISK0 $DISK2"
job() { variant3_job "$1"; }
