# variant, fourth round (variant3_job, not bundled): dm-cache (smq, writeback, 64 KiB blocks) whose origin is
# dm-crypt: promotions read and write-backs write through the encryption
build() {
    mk cmeta "0 16384 linear $DISK2 0" &&
    mk cfast "0 65536 linear $DISK1 0" &&
    mk corig "0 524288 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 $DISK0 0 1 allow_discards" &&
    mk cached "0 524288 cache /dev/mapper/cmeta /dev/mapper/cfast /dev/mapper/corig 128 1 writeback smq 0"
}
TOP=cached
TRACE="cached cmeta cfast corig $DISK0 $DISK1 $DISK2"
settle() { sleep 3; }
job() { variant3_job "$1"; }
