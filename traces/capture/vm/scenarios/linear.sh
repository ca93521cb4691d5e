# linear: one linear target, a 128 MiB window of the first disk from sector 2048.
build() {
    mk lin "0 262144 linear $DISK0 2048"
}
TOP=lin
TRACE="lin $DISK0"
