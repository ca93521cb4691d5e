# variant, sixth round (variant4_job, not bundled): a two-segment linear device whose second segment starts
# inside the first disk's neighbour at an odd offset, under O_SYNC (FUA) writes and small trims
build() { mk lin2 "0 65536 linear $DISK0 2048
65536 196608 linear $DISK1 8"; }
TOP=lin2
TRACE="lin2 $DISK0 $DISK1"
job() { variant4_job "$1"; }
