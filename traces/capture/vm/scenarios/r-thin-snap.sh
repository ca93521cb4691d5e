# variant, ninth round (variant6_job, not bundled): thin-snap (64 KiB blocks): thin0 filled (48 MiB) and
# snapshotted as thin1 before tracing; the workload on thin0 breaks sharing
. /dmr/scenarios/thin-snap.sh
job() { variant6_job "$1"; }
