# variant, tenth round (variant7_job, not bundled): a persistent snapshot (32 KiB chunks) under buffered I/O to
# the origin
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk base-cow "0 262144 linear $DISK1 0" &&
    mk snap "0 262144 snapshot /dev/mapper/base-real /dev/mapper/base-cow P 64" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=base
TRACE="base snap base-real base-cow $DISK0 $DISK1"
job() { variant7_job "$1"; }
