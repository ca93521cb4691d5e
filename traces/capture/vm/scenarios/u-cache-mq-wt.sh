# variant, fifth round (not bundled): a write-through dm-cache with 32 KiB blocks under the policy name "mq"
# (smq since 4.1), under the older bundles' mixed job
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 65536 linear $DISK1 0" &&
    mk corig "0 524288 linear $DISK0 0" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 64 1 writethrough mq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 3; }
job() { classic_job "$1"; }
