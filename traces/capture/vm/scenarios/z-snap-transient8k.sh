# variant, fifth round (variant3_job; bundled as traces/real-snap-transient): a transient (N) dm-snapshot with 8 KiB chunks of a linear
# origin, the workload on the origin: copies and no metadata commits at all
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk cow1 "0 262144 linear $DISK1 0" &&
    mk snap1 "0 262144 snapshot /dev/mapper/base-real /dev/mapper/cow1 N 16" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=base
TRACE="base snap1 base-real cow1 $DISK0 $DISK1"
job() { variant3_job "$1"; }
