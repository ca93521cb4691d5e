# variant (variant_job, not bundled: to check the model on captures it was not developed on):
# mirror with 256 KiB regions, nosync
build() { mk mir "0 262144 mirror core 2 512 nosync 2 $DISK0 0 $DISK1 0 1 handle_errors"; }
TOP=mir
TRACE="mir $DISK0 $DISK1"
job() { variant_job "$1"; }
