#!/bin/sh
# /init of the dmreplay capture guest (PID 1, runs from the initramfs).
#
# For each scenario named on the kernel command line (dmr.scenarios=a,b,...) it sources
# /dmr/scenarios/<name>.sh, which builds a device-mapper stack with plain dmsetup and names the devices to trace;
# then it records the stack (dmsetup table / ls --tree / info -c, lsblk, queue limits), starts one blktrace on
# the top device and every device below it, runs the scenario's fio job against the top device, stops blktrace
# with SIGINT, records the stack again and removes it. Finally everything goes as a tar onto the last virtio disk
# and the guest powers off.
#
# Optional per-scenario hooks (all run with $DIR set to the scenario's result directory):
#   prologue  after build(), before anything is recorded or traced: put the stack into a known state (write data,
#             send pool messages) and save what a replay needs to know about it into $DIR/before/
#   settle    after fio, while blktrace still runs (default: sleep 1): e.g. wait for a resync to finish
#   epilogue  after tracing stopped and after/ was recorded, before the teardown: e.g. dump pool metadata
# Devices made with mk_late get their table loaded but not resumed by build() (an error table of the same size
# is live meanwhile); the resume that swaps it in comes after blktrace has started, so work the kernel starts at
# resume (mirror recovery, md resync) is in the trace from its first bio. For such scenarios the table, tree, info
# and status in before/ are recorded again right after that resume, beside fio (dmsetup does no I/O).
# Tables are recorded with dm-crypt and dm-integrity keys replaced by <redacted>; no key is ever written.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH LC_ALL=C DM_DISABLE_UDEV=1

mount -t proc none /proc
mount -t sysfs none /sys
mount -t devtmpfs none /dev
mount -t tmpfs none /tmp
mount -t debugfs none /sys/kernel/debug
echo 1 > /proc/sys/kernel/sysrq

say() { echo "dmr: $*"; }
for m in virtio_pci virtio_blk dm_mod dm_delay dm_flakey dm_snapshot dm_mirror dm_thin_pool dm_crypt dm_cache \
    dm_cache_smq dm_raid raid1; do
    modprobe "$m" 2>/dev/null || say "no module $m"
done
sleep 1

RES=/tmp/results
mkdir -p $RES
uname -a > $RES/kernel.txt
{ blktrace -v 2>&1 | head -1; fio --version; dmsetup version; } > $RES/tools.txt 2>&1

# The disks in the order QEMU attached them: four data disks, then the results disk.
set -- $(ls -d /sys/block/vd* | sed 's|.*/||' | sort)
DISK0=/dev/$1 DISK1=/dev/$2 DISK2=/dev/$3 DISK3=/dev/$4 RESULTS=/dev/$5

redact() {  # stdin -> stdout: table lines with dm-crypt keys and dm-integrity secrets replaced by <redacted>
    awk '{
        for (i = 1; i <= NF; i++) {
            if ($i == "crypt" && i + 2 <= NF) { $(i + 2) = "<redacted>" }
            if ($i ~ /^(journal_crypt|internal_hash|journal_mac):[^:]+:/) { sub(/:[^:]*$/, ":<redacted>", $i) }
        }
        print
    }'
}
CREATED=""
LATE=""
mk() {  # mk <name> <table line(s)>: create a mapped device and remember it for the teardown
    printf '%s\n' "$2" | dmsetup create "$1" --noudevsync || return 1
    printf 'dmsetup create %s <<TABLE\n%s\nTABLE\n' "$1" "$(printf '%s\n' "$2" | redact)" >> "$DIR/commands.txt"
    CREATED="$1 $CREATED"
}
mk_late() {  # mk_late <name> <table>: live with an error table of the same size now, <table> loaded inactive
    # blktrace fixes the LBA window it records at setup from the device's size, so the device must already have
    # its final size when blktrace starts; the error target does no I/O and starts nothing.
    size=$(printf '%s\n' "$2" | awk '{ s = $1 + $2 } END { print s }')
    echo "0 $size error" | dmsetup create "$1" --noudevsync || return 1
    CREATED="$1 $CREATED"
    printf '%s\n' "$2" | dmsetup load "$1" || return 1
    printf 'dmsetup create %s <<TABLE\n0 %s error\nTABLE\ndmsetup load %s <<TABLE\n%s\nTABLE\n' "$1" "$size" "$1" \
        "$(printf '%s\n' "$2" | redact)" >> "$DIR/commands.txt"
    LATE="$LATE $1"
}
msg() {  # msg <device> <message...>: dmsetup message, recorded
    dmsetup message "$1" 0 "$2" || return 1
    printf 'dmsetup message %s 0 "%s"\n' "$1" "$2" >> "$DIR/commands.txt"
}
wait_in_sync() {  # wait_in_sync <name> <max seconds>: poll dmsetup status until its N/N sync ratio is complete
    ws0=$(date +%s.%N)
    i=0
    while [ $i -lt $(($2 * 4)) ]; do
        r=$(dmsetup status "$1" | tr ' ' '\n' | grep -E '^[0-9]+/[0-9]+$' | head -1)
        [ -n "$r" ] && [ "${r%/*}" = "${r#*/}" ] && break
        sleep 0.25
        i=$((i + 1))
    done
    echo "$1 $(dmsetup status "$1" | cut -d' ' -f3-) after $(echo "$(date +%s.%N) - $ws0" | awk '{printf "%.1f", $1 - $3}') s of settle" \
        | tee -a "$DIR/settle.txt"
}
kdev() {  # kdev <dm name or /dev/vdX>: the kernel node blktrace needs (/dev/dm-N or /dev/vdX)
    case $1 in
        /dev/*) echo "$1"; return ;;
    esac
    # without udev /dev/mapper/<name> is a plain node, not a link to dm-N: ask sysfs
    for n in /sys/block/dm-*/dm/name; do
        if [ "$(cat "$n")" = "$1" ]; then
            n=${n%/dm/name}
            echo "/dev/${n##*/}"
            return
        fi
    done
    echo "/dev/mapper/$1"
}
snapshot_state() {  # snapshot_state <dir>: what the stack looks like (never the crypt keys: plain table only)
    mkdir -p "$1"
    dmsetup table | redact > "$1/dmsetup-table.txt"
    dmsetup ls --tree > "$1/dmsetup-ls-tree.txt"
    dmsetup info -c > "$1/dmsetup-info-c.txt"
    dmsetup status > "$1/dmsetup-status.txt"
    lsblk -o NAME,MAJ:MIN,SIZE,TYPE > "$1/lsblk.txt"
    for q in /sys/block/vd* /sys/block/dm-*; do
        [ -d "$q/queue" ] || continue
        printf '%s: max_sectors_kb=%s max_segments=%s write_cache=%s scheduler=%s nr_requests=%s\n' \
            "${q##*/}" "$(cat $q/queue/max_sectors_kb)" "$(cat $q/queue/max_segments)" \
            "$(cat $q/queue/write_cache)" "$(cat $q/queue/scheduler | tr ' ' '_')" "$(cat $q/queue/nr_requests)"
    done > "$1/queue-limits.txt"
}
fio_section() {  # fio_section <name> <line>...: one section of a fio job file; '' as a line leaves a blank line
    printf '[%s]\n' "$1"
    shift
    [ $# -eq 0 ] || printf '%s\n' "$@"
}
default_job() {  # default_job <device>: the mixed fio job most scenarios use
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=1717
    fio_section fsync-writes ioengine=psync rw=randwrite bs=4k size=16m number_ios=400 fsync=25
    fio_section qd8-writes stonewall ioengine=libaio iodepth=8 rw=randwrite bs=4k offset=16m size=16m number_ios=400
    fio_section big-writes stonewall ioengine=libaio iodepth=4 rw=write bs=256k offset=32m size=8m
    fio_section unaligned-1m stonewall ioengine=psync rw=write bs=1m offset=42000384 size=4m
    fio_section qd4-reads stonewall ioengine=libaio iodepth=4 rw=randread bs=4k size=32m number_ios=400
    fio_section seq-reads stonewall ioengine=psync rw=read bs=64k offset=32m size=4m
    fio_section trims stonewall ioengine=psync rw=randtrim bs=64k size=16m number_ios=32
}

resync_job() {  # resync_job <device>: writes and reads over a whole device while it resyncs
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=1717
    fio_section fsync-writes ioengine=psync rw=randwrite bs=4k number_ios=300 fsync=25
    fio_section qd8-writes stonewall ioengine=libaio iodepth=8 rw=randwrite bs=4k number_ios=400
    fio_section big-writes stonewall ioengine=libaio iodepth=4 rw=write bs=256k offset=48m size=8m
    fio_section qd4-reads stonewall ioengine=libaio iodepth=4 rw=randread bs=4k number_ios=300
    fio_section fsync-writes-2 stonewall randseed=2929 ioengine=psync rw=randwrite bs=4k number_ios=300 fsync=25
}
variant_job() {  # variant_job <device>: a workload unlike the bundled bundles' (other seed, sizes, depths, a read/write mix)
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=9191 group_reporting=0
    fio_section w8k-fsync ioengine=psync rw=randwrite bs=8k size=24m number_ios=300 fsync=16 ''
    fio_section w16k-qd16 stonewall ioengine=libaio iodepth=16 rw=randwrite bs=16k offset=24m size=24m \
        number_ios=300 ''
    fio_section rw-mix-qd8 stonewall ioengine=libaio iodepth=8 rw=randrw rwmixread=60 bs=4k size=48m \
        number_ios=500 ''
    fio_section w512k-seq stonewall ioengine=libaio iodepth=2 rw=write bs=512k offset=50331648 size=6m ''
    fio_section w96k-unaligned stonewall ioengine=psync rw=write bs=96k offset=58724352 size=3m ''
    fio_section r32k-seq-qd2 stonewall ioengine=libaio iodepth=2 rw=read bs=32k offset=24m size=4m ''
    fio_section trim-128k stonewall ioengine=psync rw=randtrim bs=128k size=24m number_ios=16
}
variant2_job() {  # variant2_job <device>: a second workload unlike the others (queue depth 32, fsync'd 64 KiB, 8 KiB mix)
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=7373 group_reporting=0
    fio_section w4k-qd32 ioengine=libaio iodepth=32 rw=randwrite bs=4k size=32m number_ios=400 ''
    fio_section w64k-fsync8 stonewall ioengine=psync rw=randwrite bs=64k offset=32m size=32m number_ios=100 \
        fsync=8 ''
    fio_section rw-mix-8k-qd4 stonewall ioengine=libaio iodepth=4 rw=randrw rwmixread=30 bs=8k size=64m \
        number_ios=400 ''
    fio_section w1m-seq stonewall ioengine=psync rw=write bs=1m offset=40m size=4m ''
    fio_section w12k-unaligned stonewall ioengine=psync rw=write bs=12k offset=67109376 size=2m ''
    fio_section r128k-seq-qd4 stonewall ioengine=libaio iodepth=4 rw=read bs=128k offset=0 size=8m ''
    fio_section trim-64k stonewall ioengine=psync rw=randtrim bs=64k size=32m number_ios=24
}
variant3_job() {  # variant3_job <device>: a third workload (queue depth 16 reads, 256 KiB fsync'd, 2 MiB writes; all 4 KiB aligned)
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=5151 group_reporting=0
    fio_section r4k-qd16 ioengine=libaio iodepth=16 rw=randread bs=4k size=48m number_ios=500 ''
    fio_section w32k-qd8 stonewall ioengine=libaio iodepth=8 rw=randwrite bs=32k offset=16m size=48m \
        number_ios=300 ''
    fio_section w256k-fsync4 stonewall ioengine=psync rw=randwrite bs=256k size=64m number_ios=40 fsync=4 ''
    fio_section mix-16k-qd2 stonewall ioengine=libaio iodepth=2 rw=randrw rwmixread=70 bs=16k size=64m \
        number_ios=300 ''
    fio_section w2m-seq stonewall ioengine=libaio iodepth=1 rw=write bs=2m offset=72m size=8m ''
    fio_section r512k-seq-qd2 stonewall ioengine=libaio iodepth=2 rw=read bs=512k offset=72m size=8m ''
    fio_section w20k-seq stonewall ioengine=psync rw=write bs=20k offset=100m size=2m ''
    fio_section trim-256k stonewall ioengine=psync rw=randtrim bs=256k size=64m number_ios=12
}
variant4_job() {  # variant4_job <device>: a fourth workload (O_SYNC 4 KiB writes, so FUA; queue depth 32 reads, 128 KiB qd8 writes, fdatasync'd 16 KiB, 4 KiB trims)
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=2323 group_reporting=0
    fio_section w4k-osync ioengine=psync rw=randwrite bs=4k size=16m number_ios=150 sync=1 ''
    fio_section r8k-qd32 stonewall ioengine=libaio iodepth=32 rw=randread bs=8k size=16m number_ios=400 ''
    fio_section w128k-qd8 stonewall ioengine=libaio iodepth=8 rw=randwrite bs=128k offset=16m size=32m \
        number_ios=120 ''
    fio_section w16k-fdatasync stonewall ioengine=psync rw=randwrite bs=16k offset=48m size=16m number_ios=200 \
        fdatasync=4 ''
    fio_section w40k-unaligned-qd4 stonewall ioengine=libaio iodepth=4 rw=write bs=40k offset=67110400 size=2m ''
    fio_section r4k-reread stonewall ioengine=psync rw=randread bs=4k size=16m number_ios=300 ''
    fio_section trim-4k stonewall ioengine=psync rw=randtrim bs=4k offset=16m size=16m number_ios=40
}
variant5_job() {  # variant5_job <device>: a fifth workload (odd-sized 3.5 KiB writes at queue depth 16, 1 MiB reads, fsync'd 8 KiB, a 64 KiB mix, 1 MiB trims, queue depth 64)
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=8484 group_reporting=0
    fio_section w3584-qd16 ioengine=libaio iodepth=16 rw=randwrite bs=3584 size=16m number_ios=300 ''
    fio_section r1m-seq-qd4 stonewall ioengine=libaio iodepth=4 rw=read bs=1m offset=0 size=8m ''
    fio_section w8k-fsync1 stonewall ioengine=psync rw=randwrite bs=8k offset=8m size=8m number_ios=100 fsync=1 ''
    fio_section rw64k-qd16 stonewall ioengine=libaio iodepth=16 rw=randrw rwmixread=50 bs=64k offset=16m \
        size=32m number_ios=200 ''
    fio_section w4k-qd64 stonewall ioengine=libaio iodepth=64 rw=randwrite bs=4k offset=48m size=8m number_ios=600 ''
    fio_section trim-1m stonewall ioengine=psync rw=randtrim bs=1m offset=16m size=32m number_ios=8
}
variant6_job() {  # variant6_job <device>: a sixth workload (4 MiB writes at depth 2, 4 KiB reads at depth 128, a fsync'd 4 KiB mix, 256 KiB writes at depth 16, 8 KiB trims; all 4 KiB aligned)
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=6262 group_reporting=0
    fio_section w4m-seq-qd2 ioengine=libaio iodepth=2 rw=write bs=4m offset=0 size=16m ''
    fio_section r4k-qd128 stonewall ioengine=libaio iodepth=128 rw=randread bs=4k size=32m number_ios=1000 ''
    fio_section rw4k-fsync10 stonewall ioengine=psync rw=randrw rwmixread=50 bs=4k offset=16m size=16m \
        number_ios=300 fsync=10 ''
    fio_section w256k-qd16 stonewall ioengine=libaio iodepth=16 rw=randwrite bs=256k offset=32m size=32m \
        number_ios=100 ''
    fio_section r64k-seq-qd8 stonewall ioengine=libaio iodepth=8 rw=read bs=64k offset=32m size=16m ''
    fio_section trim-8k stonewall ioengine=psync rw=randtrim bs=8k size=32m number_ios=50
}
variant7_job() {  # variant7_job <device>: a seventh workload (buffered I/O: page-cache writes flushed by writeback, readahead; two direct jobs at once)
    fio_section global "filename=$1" randrepeat=1 randseed=3131 group_reporting=0
    fio_section buf-seqwrite direct=0 ioengine=psync rw=write bs=64k offset=0 size=16m end_fsync=1 ''
    fio_section buf-randread stonewall direct=0 ioengine=psync rw=randread bs=4k offset=16m size=16m number_ios=300 ''
    fio_section buf-seqread stonewall direct=0 ioengine=psync rw=read bs=16k offset=32m size=8m ''
    fio_section conc-writes stonewall direct=1 ioengine=libaio iodepth=4 rw=randwrite bs=8k offset=48m size=8m \
        number_ios=200 ''
    fio_section conc-reads direct=1 ioengine=libaio iodepth=4 rw=randread bs=16k offset=56m size=8m number_ios=200 ''
    fio_section buf-randwrite-fsync stonewall direct=0 ioengine=psync rw=randwrite bs=4k offset=64m size=8m \
        number_ios=200 fsync=20
}
variant8_job() {  # variant8_job <device>: an eighth workload (mixed sizes by bssplit, two writers at once, io_uring reads, 8 MiB writes, 6 KiB reads at 512-byte offsets, 512 KiB trims)
    fio_section global "filename=$1" direct=1 randrepeat=1 randseed=4747 group_reporting=0
    fio_section mix-bssplit-qd8 ioengine=libaio iodepth=8 rw=randrw rwmixread=50 \
        bssplit=4k/40:16k/30:64k/20:256k/10 size=32m number_ios=400 ''
    fio_section two-writers stonewall numjobs=2 ioengine=psync rw=randwrite bs=4k offset=32m size=16m \
        number_ios=200 fsync=20 ''
    fio_section uring-reads stonewall ioengine=io_uring iodepth=16 rw=randread bs=4k size=48m number_ios=400 ''
    fio_section w8m-seq stonewall ioengine=psync rw=write bs=8m offset=64m size=16m ''
    fio_section r6k-unaligned-qd4 stonewall ioengine=libaio iodepth=4 rw=randread bs=6k blockalign=512 \
        offset=80m size=16m number_ios=300 ''
    fio_section trim-512k stonewall ioengine=psync rw=randtrim bs=512k size=64m number_ios=10
}
classic_job() {  # classic_job <device>: the mixed job of the older bundles (thin, crypt-linear, real-mirror, real-raid1)
    fio_section global direct=1 randrepeat=1 randseed=4242 group_reporting=0 "filename=$1"
    fio_section randwrite-4k-fsync32 ioengine=psync rw=randwrite bs=4k offset=0 size=32m number_ios=800 fsync=32 ''
    fio_section randwrite-4k-qd8 stonewall ioengine=libaio iodepth=8 rw=randwrite bs=4k offset=32m size=32m \
        number_ios=800 ''
    fio_section seqwrite-128k stonewall ioengine=libaio iodepth=4 rw=write bs=128k offset=64m size=12m ''
    fio_section seqwrite-1m-unaligned stonewall ioengine=psync rw=write bs=1m offset=83918848 size=6m ''
    fio_section randread-4k-qd4 stonewall ioengine=libaio iodepth=4 rw=randread bs=4k offset=0 size=64m \
        number_ios=800 ''
    fio_section seqread-64k stonewall ioengine=psync rw=read bs=64k offset=64m size=8m ''
    fio_section trim-64k stonewall ioengine=psync rw=randtrim bs=64k offset=0 size=32m number_ios=64
}

for sc in $(sed -n 's/.*dmr\.scenarios=\([^ ]*\).*/\1/p' /proc/cmdline | tr ',' ' '); do
    DIR=$RES/$sc
    mkdir -p "$DIR/trace"
    if [ ! -f "/dmr/scenarios/$sc.sh" ]; then say "unknown scenario $sc"; continue; fi
    say "scenario $sc"
    for d in $DISK0 $DISK1 $DISK2 $DISK3; do dd if=/dev/zero of=$d bs=1M count=4 oflag=direct status=none; done
    CREATED="" LATE=""
    job() { default_job "$1"; }
    prologue() { :; }
    settle() { sleep 1; }
    epilogue() { :; }
    . "/dmr/scenarios/$sc.sh"
    if ! build; then
        say "$sc: building the stack failed"
        for n in $CREATED; do dmsetup remove "$n"; done
        continue
    fi
    mkdir -p "$DIR/before"
    prologue || say "$sc: prologue failed"
    say "$sc: tracing $TRACE"
    snapshot_state "$DIR/before"
    devs=""
    for t in $TRACE; do devs="$devs -d $(kdev "$t")"; done
    top=$(kdev "$TOP")
    job "$top" > "$DIR/fio-job.fio"
    echo "blktrace$devs -D trace" >> "$DIR/commands.txt"
    (cd "$DIR/trace" && exec blktrace $devs) > "$DIR/blktrace.log" 2>&1 &
    tracer=$!
    sleep 2
    for n in $LATE; do
        dmsetup resume "$n" --noudevsync || say "$sc: cannot resume $n"
        echo "dmsetup resume $n" >> "$DIR/commands.txt"
    done
    recorder=""
    if [ -n "$LATE" ]; then  # the live tables now hold the resumed targets: record them beside fio, no I/O
        (
            dmsetup table | redact > "$DIR/before/dmsetup-table.txt"
            dmsetup ls --tree > "$DIR/before/dmsetup-ls-tree.txt"
            dmsetup info -c > "$DIR/before/dmsetup-info-c.txt"
            dmsetup status > "$DIR/before/dmsetup-status.txt"
        ) &
        recorder=$!
    fi
    echo "fio $DIR/fio-job.fio" >> "$DIR/commands.txt"
    t0=$(date +%s)
    fio --output-format=terse "$DIR/fio-job.fio" > "$DIR/fio.terse" 2>&1
    say "$sc: fio exit $? after $(($(date +%s) - t0)) s"
    [ -z "$recorder" ] || wait $recorder
    settle
    kill -INT $tracer
    wait $tracer
    snapshot_state "$DIR/after"
    epilogue || say "$sc: epilogue failed"
    say "$sc: done after $(($(date +%s) - t0)) s"
    for n in $CREATED; do dmsetup remove "$n" || say "$sc: cannot remove $n"; done
done

(cd $RES && tar cf $RESULTS .)
sync
say "all done"
echo o > /proc/sysrq-trigger
sleep 30
