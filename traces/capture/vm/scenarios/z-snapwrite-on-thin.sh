# variant, fifth round (variant_job, not bundled): the workload on a persistent dm-snapshot (32 KiB chunks) of a
# thin volume: each first write to a chunk copies it from the thin volume (unprovisioned: zero-filled by the pool)
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0" &&
    mk scow "0 262144 linear $DISK1 0" &&
    mk tsnap "0 262144 snapshot /dev/mapper/thin0 /dev/mapper/scow P 64"
}
TOP=tsnap
TRACE="tsnap thin0 pool tdata tmeta scow $DISK0 $DISK1 $DISK2"
job() { variant_job "$1"; }
