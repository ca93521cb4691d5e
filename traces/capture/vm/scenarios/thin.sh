# thin: one empty 1 GiB thin volume in a pool (16 MiB metadata on vdc, 256 MiB data on vda, 64 KiB blocks,
# zeroing of new blocks on), as in traces/thin: first writes to a block provision it (and zero it unless the
# write covers it), fsyncs and the one-second waker commit the metadata, trims are passed down.
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 2097152 thin /dev/mapper/pool 0"
}
TOP=thin0
TRACE="thin0 pool tdata tmeta $DISK0 $DISK2"
job() { classic_job "$1"; }
