# variant, third round (variant3_job, not bundled): dm-cache (smq, writeback, 256 KiB blocks) with a cache of
# only 16 MiB in front of a 256 MiB origin, so the policy demotes and writes back dirty blocks
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 32768 linear $DISK1 0" &&
    mk corig "0 524288 linear $DISK0 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 512 1 writeback smq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 3; }
job() { variant3_job "$1"; }
