# variant (variant_job, not bundled: to check the model on captures it was not developed on):
# snapshot with 8 KiB chunks
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk base-cow "0 262144 linear $DISK1 0" &&
    mk snap "0 262144 snapshot /dev/mapper/base-real /dev/mapper/base-cow P 16" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real"
}
TOP=base
TRACE="base snap base-real base-cow $DISK0 $DISK1"
job() { variant_job "$1"; }
