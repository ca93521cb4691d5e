# variant, second round (not bundled): linear, error, linear; fio goes on after errors (continue_on_error), with
# writes and reads inside each segment and across the segment boundaries (split by DM, one piece failing)
build() { mk ce "0 131072 linear $DISK0 0
131072 65536 error
196608 131072 linear $DISK1 2048"; }
TOP=ce
TRACE="ce $DISK0 $DISK1"
job() {
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=7373 continue_on_error=all group_reporting=0
    fio_section w4k-qd8 ioengine=libaio iodepth=8 rw=randwrite bs=4k size=160m number_ios=400 ''
    fio_section r8k-qd4 stonewall ioengine=libaio iodepth=4 rw=randread bs=8k size=160m number_ios=300 ''
    fio_section w64k-across stonewall ioengine=psync rw=write bs=64k offset=67076096 size=1m fsync=4 ''
    fio_section r128k-across stonewall ioengine=psync rw=read bs=128k offset=100597760 size=2m ''
}
