# raid1: dm-raid raid1, two legs, no metadata devices (no bitmap), nosync, as in traces/real-raid1: writes to
# both legs, reads balanced by md's read_balance.
build() {
    mk r1 "0 262144 raid raid1 4 0 region_size 1024 nosync 2 - $DISK0 - $DISK1"
}
TOP=r1
TRACE="r1 $DISK0 $DISK1"
job() { classic_job "$1"; }
