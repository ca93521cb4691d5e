# variant, eleventh round (variant8_job, not bundled): two linear segments over a 2-way stripe of 128 KiB chunks
build() {
    mk str "0 524288 striped 2 256 $DISK0 0 $DISK1 0" &&
    mk lv "0 131072 linear /dev/mapper/str 2048
131072 131072 linear /dev/mapper/str 300000"
}
TOP=lv
TRACE="lv str $DISK0 $DISK1"
job() { variant8_job "$1"; }
