# variant, eleventh round (variant8_job, not bundled): a persistent snapshot (16 KiB chunks); the job writes to
# the origin
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk base-cow "0 262144 linear $DISK1 0" &&
    mk snap "0 262144 snapshot /dev/mapper/base-real /dev/mapper/base-cow P 32" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=base
TRACE="base snap base-real base-cow $DISK0 $DISK1"
job() { variant8_job "$1"; }
