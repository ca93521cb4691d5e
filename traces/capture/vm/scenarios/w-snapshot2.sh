# variant, second round (variant2_job, not bundled): an origin with a persistent snapshot of 16 KiB chunks and a
# transient (N) one of 16 KiB chunks, each with its own store
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk cow1 "0 262144 linear $DISK1 0" &&
    mk cow2 "0 262144 linear $DISK2 0" &&
    mk snap1 "0 262144 snapshot /dev/mapper/base-real /dev/mapper/cow1 P 32" &&
    mk snap2 "0 262144 snapshot /dev/mapper/base-real /dev/mapper/cow2 N 32" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=base
TRACE="base snap1 snap2 base-real cow1 cow2 $DISK0 $DISK1 $DISK2"
job() { variant2_job "$1"; }
