# variant, sixth round (variant4_job, not bundled): dm-crypt with 4 KiB crypt sectors (workqueues on) over a
# 2-way stripe set
build() {
    mk cstr "0 524288 striped 2 64 $DISK0 0 $DISK1 0" &&
    mk crypt4 "0 524288 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/cstr 0 2 allow_discards sector_size:4096"
}
TOP=crypt4
TRACE="crypt4 cstr $DISK0 $DISK1"
job() { variant4_job "$1"; }
