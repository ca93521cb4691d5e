# crypt: dm-crypt (aes-xts-plain64, 512-bit key, allow_discards) over a linear device, as in
# traces/crypt-linear. The key is made from /dev/urandom in the guest for this run only; it goes to dmsetup on
# stdin and nowhere else (commands.txt and the dumps hold <redacted> in its place).
build() {
    mk clin "0 262144 linear $DISK0 0" &&
    mk crypt "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/clin 0 1 allow_discards"
}
TOP=crypt
TRACE="crypt clin $DISK0"
job() { classic_job "$1"; }
