# variant, ninth round (variant6_job, not bundled): three linear segments on three disks
build() { mk cat3 "0 65536 linear $DISK0 2048
65536 65536 linear $DISK1 0
131072 131072 linear $DISK2 4096"; }
TOP=cat3
TRACE="cat3 $DISK0 $DISK1 $DISK2"
job() { variant6_job "$1"; }
