# variant, fourth round (variant3_job, not bundled): two stripes of 64 KiB over two dm-crypt devices, one per disk
# (per-disk encryption under a striped volume)
build() {
    mk c0 "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 $DISK0 0" &&
    mk c1 "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 $DISK1 0" &&
    mk sov "0 524288 striped 2 128 /dev/mapper/c0 0 /dev/mapper/c1 0"
}
TOP=sov
TRACE="sov c0 c1 $DISK0 $DISK1"
job() { variant3_job "$1"; }
