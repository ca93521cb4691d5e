# concat: two linear segments on two disks (the second starts at 40 MiB of the device).
build() {
    mk cat "0 81920 linear $DISK0 8192
81920 163840 linear $DISK1 4096"
}
TOP=cat
TRACE="cat $DISK0 $DISK1"
