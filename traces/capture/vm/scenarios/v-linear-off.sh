# variant (variant_job, not bundled: to check the model on captures it was not developed on): linear at an offset
build() { mk lin2 "0 262144 linear $DISK1 8192"; }
TOP=lin2
TRACE="lin2 $DISK1"
job() { variant_job "$1"; }
