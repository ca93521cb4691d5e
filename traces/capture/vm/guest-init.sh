#!/bin/sh
# /init of the dmreplay capture guest (PID 1, runs from the initramfs).
#
# For each scenario named on the kernel command line (dmr.scenarios=a,b,...) it sources
# /dmr/scenarios/<name>.sh, which builds a device-mapper stack with plain dmsetup and names the devices to trace;
# then it records the stack (dmsetup table / ls --tree / info -c, lsblk, queue limits), starts one blktrace on
# the top device and every device below it, runs the scenario's fio job against the top device, stops blktrace
# with SIGINT, records the stack again and removes it. Finally everything goes as a tar onto the last virtio disk
# and the guest powers off.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH LC_ALL=C DM_DISABLE_UDEV=1

mount -t proc none /proc
mount -t sysfs none /sys
mount -t devtmpfs none /dev
mount -t tmpfs none /tmp
mount -t debugfs none /sys/kernel/debug
echo 1 > /proc/sys/kernel/sysrq

say() { echo "dmr: $*"; }
for m in virtio_pci virtio_blk dm_mod dm_delay dm_flakey dm_snapshot dm_mirror dm_thin_pool; do
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

CREATED=""
mk() {  # mk <name> <table line(s)>: create a mapped device and remember it for the teardown
    printf '%s\n' "$2" | dmsetup create "$1" --noudevsync || return 1
    printf 'dmsetup create %s <<TABLE\n%s\nTABLE\n' "$1" "$2" >> "$DIR/commands.txt"
    CREATED="$1 $CREATED"
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
    dmsetup table > "$1/dmsetup-table.txt"
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
default_job() {  # default_job <device>: the mixed fio job most scenarios use
    cat <<JOB
[global]
filename=$1
direct=1
randrepeat=1
randseed=1717
[fsync-writes]
ioengine=psync
rw=randwrite
bs=4k
size=16m
number_ios=400
fsync=25
[qd8-writes]
stonewall
ioengine=libaio
iodepth=8
rw=randwrite
bs=4k
offset=16m
size=16m
number_ios=400
[big-writes]
stonewall
ioengine=libaio
iodepth=4
rw=write
bs=256k
offset=32m
size=8m
[unaligned-1m]
stonewall
ioengine=psync
rw=write
bs=1m
offset=42000384
size=4m
[qd4-reads]
stonewall
ioengine=libaio
iodepth=4
rw=randread
bs=4k
size=32m
number_ios=400
[seq-reads]
stonewall
ioengine=psync
rw=read
bs=64k
offset=32m
size=4m
[trims]
stonewall
ioengine=psync
rw=randtrim
bs=64k
size=16m
number_ios=32
JOB
}

for sc in $(sed -n 's/.*dmr\.scenarios=\([^ ]*\).*/\1/p' /proc/cmdline | tr ',' ' '); do
    DIR=$RES/$sc
    mkdir -p "$DIR/trace"
    if [ ! -f "/dmr/scenarios/$sc.sh" ]; then say "unknown scenario $sc"; continue; fi
    say "scenario $sc"
    for d in $DISK0 $DISK1 $DISK2 $DISK3; do dd if=/dev/zero of=$d bs=1M count=4 oflag=direct status=none; done
    CREATED=""
    job() { default_job "$1"; }
    . "/dmr/scenarios/$sc.sh"
    build || { say "$sc: building the stack failed"; continue; }
    say "$sc: tracing $TRACE"
    dmsetup ls --tree
    snapshot_state "$DIR/before"
    devs=""
    for t in $TRACE; do devs="$devs -d $(kdev "$t")"; done
    top=$(kdev "$TOP")
    job "$top" > "$DIR/fio-job.fio"
    echo "blktrace$devs -D trace" >> "$DIR/commands.txt"
    (cd "$DIR/trace" && exec blktrace $devs) > "$DIR/blktrace.log" 2>&1 &
    tracer=$!
    sleep 2
    fio --output-format=terse "$DIR/fio-job.fio" > "$DIR/fio.terse" 2>&1
    say "$sc: fio exit $?"
    sleep 1
    kill -INT $tracer
    wait $tracer
    snapshot_state "$DIR/after"
    for n in $CREATED; do dmsetup remove "$n" || say "$sc: cannot remove $n"; done
done

(cd $RES && tar cf $RESULTS .)
sync
say "all done"
echo o > /proc/sysrq-trigger
sleep 30
