# variant, seventh round (variant5_job, not bundled): dm-crypt (aes-xts, 512-byte sectors) over a disk
build() {
    mk crypt "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 $DISK0 0 1 allow_discards"
}
TOP=crypt
TRACE="crypt $DISK0"
job() { variant5_job "$1"; }
