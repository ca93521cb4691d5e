# variant (variant_job, not bundled: to check the model on captures it was not developed on): linear, zero, linear
build() { mk cz "0 131072 linear $DISK0 0
131072 65536 zero
196608 131072 linear $DISK1 2048"; }
TOP=cz
TRACE="cz $DISK0 $DISK1"
job() { variant_job "$1"; }
