# variant, fifth round (variant2_job; bundled as traces/real-snap-of-thin): a persistent dm-snapshot (16 KiB chunks) of a thin volume with
# 128 KiB blocks, the workload on the origin: copies read the thin volume, several chunks per thin block
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 256 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0" &&
    mk scow "0 262144 linear $DISK1 0" &&
    mk tsnap "0 262144 snapshot /dev/mapper/thin0 /dev/mapper/scow P 32" &&
    mk torig "0 262144 snapshot-origin /dev/mapper/thin0"
}
TOP=torig
TRACE="torig tsnap thin0 pool tdata tmeta scow $DISK0 $DISK1 $DISK2"
job() { variant2_job "$1"; }
