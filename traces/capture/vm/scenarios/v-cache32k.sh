# variant (variant_job, not bundled: to check the model on captures it was not developed on):
# cache with 32 KiB blocks
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 131072 linear $DISK1 0" &&
    mk corig "0 524288 linear $DISK0 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 64 1 writeback smq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 3; }
job() { variant_job "$1"; }
