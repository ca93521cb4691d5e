# variant, tenth round (variant7_job, not bundled): dm-crypt over a disk under buffered I/O
build() {
    mk crypt "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 $DISK0 0 1 allow_discards"
}
TOP=crypt
TRACE="crypt $DISK0"
job() { variant7_job "$1"; }
