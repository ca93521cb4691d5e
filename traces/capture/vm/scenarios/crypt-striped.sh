# crypt-striped: dm-crypt (aes-xts-plain64, 512-bit key, allow_discards) over two stripes of 64 KiB chunks on the
# first two disks. The key is made from /dev/urandom in the guest for this run only, exactly as in crypt.sh: it
# goes to dmsetup on stdin and nowhere else (commands.txt and the dumps hold <redacted> in its place). Traced:
# kcryptd's encrypted clones (writes) and the in-place decryption of reads, split by the stripe at 64 KiB chunk
# boundaries, flushes sent to both legs, and trims passed through crypt to the stripes.
build() {
    mk cstr "0 1048576 striped 2 128 $DISK0 0 $DISK1 0" &&
    mk crypt "0 1048576 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/cstr 0 1 allow_discards"
}
TOP=crypt
TRACE="crypt cstr $DISK0 $DISK1"
job() { classic_job "$1"; }
