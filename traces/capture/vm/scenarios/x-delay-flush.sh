# variant, third round (variant3_job, not bundled): dm-delay with all three classes, each on its own disk: reads
# held 3 ms, writes 10 ms, flushes 20 ms (a PREFLUSH bio takes the flush class since the flush class was added)
build() {
    mk dly3 "0 262144 delay $DISK0 0 3 $DISK1 0 10 $DISK2 0 20"
}
TOP=dly3
TRACE="dly3 $DISK0 $DISK1 $DISK2"
job() { variant3_job "$1"; }
