# variant, third round (variant3_job, not bundled): crypt over a two-leg dm-raid raid1 (no bitmap, nosync), a
# LUKS-on-mirror stack
build() {
    mk r1c "0 262144 raid raid1 4 0 region_size 1024 nosync 2 - $DISK0 - $DISK1" &&
    mk cr1 "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/r1c 0 1 allow_discards"
}
TOP=cr1
TRACE="cr1 r1c $DISK0 $DISK1"
job() { variant3_job "$1"; }
