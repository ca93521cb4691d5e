# variant, eleventh round (variant8_job, not bundled): dm-crypt (4 KiB sectors) over linear
build() {
    mk clin "0 262144 linear $DISK0 0" &&
    mk crypt "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/clin 0 2 allow_discards sector_size:4096"
}
TOP=crypt
TRACE="crypt clin $DISK0"
job() { variant8_job "$1"; }
