# variant, seventh round (variant5_job, not bundled): a write-back dm-cache (smq, 128 KiB blocks) of only 8 MiB
# in front of a 256 MiB origin: demotions and write-backs under queue depth 64
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 16384 linear $DISK1 0" &&
    mk corig "0 524288 linear $DISK0 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 256 1 writeback smq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 3; }
job() { variant5_job "$1"; }
