# variant, fifth round (not bundled): two linear segments, swapped, over a write-back dm-cache (smq, 128 KiB blocks)
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 131072 linear $DISK1 0" &&
    mk corig "0 524288 linear $DISK0 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 256 1 writeback smq 0" &&
    mk loc "0 131072 linear /dev/mapper/cached 131072
131072 131072 linear /dev/mapper/cached 0"
}
TOP=loc
TRACE="loc cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 3; }
job() { variant3_job "$1"; }
