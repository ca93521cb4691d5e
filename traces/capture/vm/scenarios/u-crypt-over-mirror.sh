# variant, fifth round (not bundled): dm-crypt over a two-leg core-log mirror
build() {
    mk mir "0 262144 mirror core 2 1024 nosync 2 $DISK0 0 $DISK1 0 1 handle_errors" &&
    mk cmir "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/mir 0 1 allow_discards"
}
TOP=cmir
TRACE="cmir mir $DISK0 $DISK1"
job() { variant3_job "$1"; }
