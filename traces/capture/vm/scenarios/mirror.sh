# mirror: a two-leg dm-mirror, core log, 512 KiB regions, nosync (no initial recovery), as in traces/real-mirror:
# kmirrord writes every bio to both legs, reads go to the default leg.
build() {
    mk mir "0 262144 mirror core 2 1024 nosync 2 $DISK0 0 $DISK1 0 1 handle_errors"
}
TOP=mir
TRACE="mir $DISK0 $DISK1"
job() { classic_job "$1"; }
