# variant, tenth round (variant7_job, not bundled): a linear device over a 2-way stripe under buffered I/O
build() {
    mk str "0 524288 striped 2 128 $DISK0 0 $DISK1 0" &&
    mk lv "0 262144 linear /dev/mapper/str 8192"
}
TOP=lv
TRACE="lv str $DISK0 $DISK1"
job() { variant7_job "$1"; }
