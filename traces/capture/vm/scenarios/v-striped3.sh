# variant (variant_job, not bundled: to check the model on captures it was not developed on):
# 3 stripes of 32 KiB chunks
build() { mk str3 "0 786432 striped 3 64 $DISK0 0 $DISK1 0 $DISK2 0"; }
TOP=str3
TRACE="str3 $DISK0 $DISK1 $DISK2"
job() { variant_job "$1"; }
