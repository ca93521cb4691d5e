# thin-snap: a thin volume and a thin snapshot of it in one pool (64 KiB blocks, zeroing on). Before tracing,
# the prologue fills the first 48 MiB of thin0 (768 blocks), snapshots it (create_snap 1 0, origin suspended)
# and saves the pool metadata as thin_dump XML (before/thin-dump.xml, read through a metadata snapshot that is
# released again before tracing), so a replay knows which data blocks both devices share. Traced: partial writes
# to shared blocks (break sharing: kcopyd copies the 64 KiB block first), whole-block overwrites of shared blocks
# (no copy), writes to unprovisioned blocks (zeroed first), reads of both, discards of shared blocks.
build() {
    mk tmeta "0 32768 linear $DISK2 0" &&
    mk tdata "0 524288 linear $DISK0 0" &&
    mk pool "0 524288 thin-pool /dev/mapper/tmeta /dev/mapper/tdata 128 0 0" &&
    msg pool "create_thin 0" &&
    mk thin0 "0 262144 thin /dev/mapper/pool 0"
}
thin_dump_to() {  # thin_dump_to <file>: the pool's committed metadata, through a metadata snapshot
    msg pool reserve_metadata_snap || return 1
    thin_dump --metadata-snap /dev/mapper/tmeta > "$1" 2> "$1.err"
    rc=$?
    echo "thin_dump --metadata-snap /dev/mapper/tmeta > ${1#$DIR/}" >> "$DIR/commands.txt"
    msg pool release_metadata_snap
    [ -s "$1.err" ] || rm -f "$1.err"
    return $rc
}
FILL_MB=48      # how much of thin0 the prologue writes before the snapshot
prologue() {
    dd if=/dev/zero of=/dev/mapper/thin0 bs=1M count=$FILL_MB oflag=direct status=none &&
    echo "dd if=/dev/zero of=/dev/mapper/thin0 bs=1M count=$FILL_MB oflag=direct" >> "$DIR/commands.txt" &&
    dmsetup suspend thin0 && echo "dmsetup suspend thin0" >> "$DIR/commands.txt" &&
    msg pool "create_snap 1 0" &&
    dmsetup resume thin0 && echo "dmsetup resume thin0" >> "$DIR/commands.txt" &&
    mk thin1 "0 262144 thin /dev/mapper/pool 1" &&
    thin_dump_to "$DIR/before/thin-dump.xml"
}
epilogue() {
    thin_dump_to "$DIR/after/thin-dump.xml"
}
TOP=thin0
TRACE="thin0 thin1 pool tdata tmeta $DISK0 $DISK2"
job() {
    fio_section global direct=1 randrepeat=1 randseed=4242 group_reporting=0 ''
    fio_section thin0-randwrite-4k-fsync32 "filename=$1" ioengine=psync rw=randwrite bs=4k size=48m number_ios=300 \
        fsync=32 ''
    fio_section thin1-randwrite-4k-qd8 stonewall "filename=$(kdev thin1)" ioengine=libaio iodepth=8 rw=randwrite \
        bs=4k size=48m number_ios=300 ''
    fio_section thin0-overwrite-64k stonewall "filename=$1" ioengine=libaio iodepth=4 rw=write bs=64k offset=16m \
        size=4m ''
    fio_section thin1-new-4k stonewall "filename=$(kdev thin1)" ioengine=psync rw=randwrite bs=4k offset=48m \
        size=48m number_ios=100 ''
    fio_section thin1-randread-4k-qd4 stonewall "filename=$(kdev thin1)" ioengine=libaio iodepth=4 rw=randread bs=4k \
        size=64m number_ios=300 ''
    fio_section thin0-randread-4k stonewall "filename=$1" ioengine=psync rw=randread bs=4k size=64m number_ios=300 \
        ''
    fio_section thin0-trim-64k stonewall "filename=$1" ioengine=psync rw=randtrim bs=64k size=48m number_ios=32
}
