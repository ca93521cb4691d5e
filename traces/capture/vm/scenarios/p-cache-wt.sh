# variant, eleventh round (variant8_job, not bundled): a write-through dm-cache (smq, 128 KiB blocks, 32 MiB)
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 65536 linear $DISK1 0" &&
    mk corig "0 524288 linear $DISK0 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 256 1 writethrough smq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 3; }
job() { variant8_job "$1"; }
