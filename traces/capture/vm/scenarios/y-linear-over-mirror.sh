# variant, fourth round (variant3_job, not bundled): a two-segment linear volume over a two-leg dm-mirror (core
# log, 256 KiB regions, in sync), as LVM lays out a mirrored LV extended twice
build() {
    mk mir "0 262144 mirror core 2 512 nosync 2 $DISK0 0 $DISK1 0 1 handle_errors" &&
    mk lom "0 131072 linear /dev/mapper/mir 131072
131072 131072 linear /dev/mapper/mir 0"
}
TOP=lom
TRACE="lom mir $DISK0 $DISK1"
job() { variant3_job "$1"; }
