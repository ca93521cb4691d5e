# variant, third round (variant3_job, not bundled): the workload runs on a persistent snapshot (64 KiB chunks),
# not on its origin: a write to a chunk not yet in the store copies the origin's chunk first, reads of chunks in
# the store go to the COW device, other reads to the origin
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk cow1 "0 262144 linear $DISK1 0" &&
    mk snap1 "0 262144 snapshot /dev/mapper/base-real /dev/mapper/cow1 P 128" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=snap1
TRACE="snap1 base base-real cow1 $DISK0 $DISK1"
job() { variant3_job "$1"; }
