# variant, second round (variant2_job, not bundled: to check the model on captures it was not developed on):
# crypt over a thin volume in a pool of 128 KiB blocks (zeroing on)
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 256 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 2097152 thin /dev/mapper/pool 0" &&
    mk crypt "0 2097152 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/thin0 0 1 allow_discards"
}
TOP=crypt
TRACE="crypt thin0 pool tdata tmeta $DISK0 $DISK2"
job() { variant2_job "$1"; }
