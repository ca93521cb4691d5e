# variant, fifth round (variant2_job, not bundled): dm-crypt over a snapshot-origin (persistent snapshot, 64 KiB
# chunks): encrypted writes reach the origin from dmcrypt_write, and each first write to a chunk waits for its copy
build() {
    mk base-real "0 262144 linear $DISK0 0" &&
    mk cow1 "0 262144 linear $DISK1 0" &&
    mk snap1 "0 262144 snapshot /dev/mapper/base-real /dev/mapper/cow1 P 128" &&
    mk base "0 262144 snapshot-origin /dev/mapper/base-real" &&
    mk cro "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/base 0"
}
TOP=cro
TRACE="cro base snap1 base-real cow1 $DISK0 $DISK1"
job() { variant2_job "$1"; }
