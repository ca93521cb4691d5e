# variant, fifth round (bundled as traces/real-cache-wb-striped): a write-back dm-cache (smq, 64 KiB blocks, 16 MiB: demotions and
# write-backs) whose origin is a 2-way stripe set, under the queue-depth-32 job
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 32768 linear $DISK1 0" &&
    mk corig "0 524288 striped 2 128 $DISK0 0 $DISK3 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 128 1 writeback smq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2 $DISK3"
settle() { sleep 3; }
job() { variant2_job "$1"; }
