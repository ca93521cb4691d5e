# variant (variant_job, not bundled: to check the model on captures it was not developed on):
# crypt over linear, another workload
build() {
    mk clin "0 262144 linear $DISK0 0" &&
    mk crypt "0 262144 crypt aes-xts-plain64 $(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') 0 /dev/mapper/clin 0 1 allow_discards"
}
TOP=crypt
TRACE="crypt clin $DISK0"
job() { variant_job "$1"; }
