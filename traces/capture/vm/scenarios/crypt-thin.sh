# crypt-thin: dm-crypt (aes-xts-plain64, 512-bit key made in the guest as in crypt.sh, allow_discards) over one
# empty 1 GiB thin volume in a pool as in thin.sh (16 MiB metadata on vdc, 256 MiB data on vda, 64 KiB blocks,
# zeroing of new blocks on). Traced: the first encrypted write to a thin block provisions it (zeroing it unless
# the write covers it), fsyncs and the pool's one-second waker commit the metadata, reads of provisioned and
# unprovisioned blocks, and trims that crypt passes down (allow_discards) and thin turns into unmaps and
# discards of the data device.
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 2097152 thin /dev/mapper/pool 0" &&
    mk crypt "0 2097152 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/thin0 0 1 allow_discards"
}
TOP=crypt
TRACE="crypt thin0 pool tdata tmeta $DISK0 $DISK2"
job() { classic_job "$1"; }
