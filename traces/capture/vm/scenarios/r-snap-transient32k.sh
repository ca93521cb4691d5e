# variant, ninth round (variant6_job, not bundled): a transient snapshot with 32 KiB chunks; the workload writes
# to the origin (trims fail on a snapshot origin)
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk base-cow "0 262144 linear $DISK1 0" &&
    mk snap "0 262144 snapshot /dev/mapper/base-real /dev/mapper/base-cow N 64" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=base
TRACE="base snap base-real base-cow $DISK0 $DISK1"
job() { variant6_job "$1"; }
