# variant, second round (variant2_job, not bundled): crypt over three stripes of 32 KiB chunks
build() {
    mk cstr "0 786432 striped 3 64 $DISK0 0 $DISK1 0 $DISK2 0" &&
    mk crypt "0 786432 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/cstr 0 1 allow_discards"
}
TOP=crypt
TRACE="crypt cstr $DISK0 $DISK1 $DISK2"
job() { variant2_job "$1"; }
