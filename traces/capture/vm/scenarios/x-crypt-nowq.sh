# variant, third round (variant3_job, not bundled): crypt over linear with 4 KiB crypt sectors and both
# workqueues bypassed (no_read_workqueue, no_write_workqueue): reads are decrypted and writes encrypted in the
# submitting or completing context
build() {
    mk clin "0 262144 linear $DISK0 0" &&
    mk cryptq "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/clin 0 4 allow_discards no_read_workqueue no_write_workqueue sector_size:4096"
}
TOP=cryptq
TRACE="cryptq clin $DISK0"
job() { variant3_job "$1"; }
