#!/bin/bash
# capture.sh - trace a device-mapper device and every device below it on this machine, and write a bundle that
# dmreplay reads (info, analyze, replay, fidelity).
#
#   sudo traces/capture.sh -d /dev/mapper/vg0-lv0 -t 30 -o mybundle       # trace for 30 seconds
#   sudo traces/capture.sh -d vg0-lv0 -o mybundle -- fio job.fio           # trace while a command runs
#
# The bundle: <dev>.blktrace.<cpu>(.gz) per traced device, dmsetup-table.txt (dm-crypt and dm-integrity keys
# replaced by "<redacted>"), dmsetup-ls-tree.txt, dmsetup-info-c.txt, lsblk.txt, queue-limits.txt, README.md.
# Needs root, blktrace, dmsetup and debugfs (mounted here if it is not).
set -euo pipefail

usage() {
    echo "usage: capture.sh -d DM-DEVICE (-t SECONDS | -- COMMAND...) -o DIR [-z]" >&2
    echo "  -d  the top device: /dev/mapper/NAME, /dev/dm-N or NAME" >&2
    echo "  -t  trace for this many seconds;  -- COMMAND: trace while COMMAND runs" >&2
    echo "  -o  bundle directory to write (must not exist);  -z  gzip the trace files" >&2
    exit 2
}
fail() { echo "capture.sh: $*" >&2; exit 2; }

dev="" secs="" out="" zip=0
while [ $# -gt 0 ]; do
    case $1 in
        -d) dev=${2:-}; shift 2 ;;
        -t) secs=${2:-}; shift 2 ;;
        -o) out=${2:-}; shift 2 ;;
        -z) zip=1; shift ;;
        --) shift; break ;;
        -h|--help) usage ;;
        *) usage ;;
    esac
done
[ -n "$dev" ] && [ -n "$out" ] || usage
if [ -n "$secs" ] && [ $# -gt 0 ]; then fail "give either -t SECONDS or a command, not both"; fi
if [ -z "$secs" ] && [ $# -eq 0 ]; then fail "give -t SECONDS or a command after --"; fi
if [ -n "$secs" ] && ! [[ $secs =~ ^[1-9][0-9]*$ ]]; then fail "-t wants a whole number of seconds, got '$secs'"; fi
[ "$(id -u)" = 0 ] || fail "must run as root (blktrace needs CAP_SYS_ADMIN and debugfs)"
command -v blktrace >/dev/null || fail "blktrace is not installed (Debian/Ubuntu: apt-get install blktrace)"
command -v dmsetup >/dev/null || fail "dmsetup is not installed (Debian/Ubuntu: apt-get install dmsetup)"
[ -e "$out" ] && fail "$out exists; give a new directory"

# The top device as dm-N.
case $dev in
    /dev/dm-*) top=${dev#/dev/} ;;
    /dev/mapper/*) name=${dev#/dev/mapper/} ;;
    */*) fail "$dev is not a device-mapper device" ;;
    *) name=$dev ;;
esac
if [ -z "${top:-}" ]; then
    for n in /sys/block/dm-*/dm/name; do
        [ -e "$n" ] || continue
        if [ "$(cat "$n")" = "$name" ]; then t=${n%/dm/name}; top=${t##*/}; fi
    done
fi
[ -n "${top:-}" ] && [ -d "/sys/block/$top/dm" ] || fail "$dev is not a device-mapper device here"

# Everything below it, depth first through sysfs "slaves" (a partition's slave is the partition itself).
below() {
    local d=$1 s
    echo "$d"
    if [ -d "/sys/class/block/$d/slaves" ]; then
        for s in /sys/class/block/"$d"/slaves/*; do
            [ -e "$s" ] && below "${s##*/}"
        done
    fi
}
devices=$(below "$top" | awk '!seen[$0]++')

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug || fail "cannot mount debugfs"
mkdir -p "$out"

# dmsetup dumps of the devices in the tree, keys never written.
redact() {
    awk '{
        for (i = 1; i <= NF; i++) {
            if ($i == "crypt" && i + 2 <= NF) { $(i + 2) = "<redacted>" }
            if ($i ~ /^(journal_crypt|internal_hash|journal_mac):[^:]+:/) { sub(/:[^:]*$/, ":<redacted>", $i) }
        }
        print
    }'
}
dmnames=""
for d in $devices; do
    [ -e "/sys/block/$d/dm/name" ] && dmnames="$dmnames $(cat /sys/block/$d/dm/name)"
done
for n in $dmnames; do dmsetup table "$n" | redact | sed "s/^/$n: /"; done > "$out/dmsetup-table.txt"
dmsetup ls --tree > "$out/dmsetup-ls-tree.txt"
dmsetup info -c > "$out/dmsetup-info-c.txt"
lsblk -o NAME,MAJ:MIN,SIZE,TYPE > "$out/lsblk.txt" 2>&1 || true
for d in $devices; do
    q=/sys/class/block/$d/queue
    [ -d "$q" ] || q=/sys/class/block/$d/../queue
    [ -d "$q" ] || continue
    printf '%s: max_sectors_kb=%s max_segments=%s write_cache=%s scheduler=%s\n' "$d" "$(cat $q/max_sectors_kb)" \
        "$(cat $q/max_segments)" "$(cat $q/write_cache)" "$(tr ' ' '_' < $q/scheduler)"
done > "$out/queue-limits.txt"

args=()
for d in $devices; do args+=(-d "/dev/$d"); done
echo "capture.sh: tracing $(echo $devices) into $out" >&2
if [ -n "$secs" ]; then
    (cd "$out" && blktrace "${args[@]}" -w "$secs") > "$out/blktrace.log" 2>&1 || fail "blktrace failed: $(tail -1 "$out/blktrace.log")"
    what="$secs seconds"
else
    (cd "$out" && exec blktrace "${args[@]}") > "$out/blktrace.log" 2>&1 &
    tracer=$!
    sleep 1
    kill -0 $tracer 2>/dev/null || fail "blktrace did not start: $(tail -1 "$out/blktrace.log")"
    rc=0
    "$@" || rc=$?
    kill -INT $tracer
    wait $tracer || true
    what="while '$*' ran (exit $rc)"
fi
if [ $zip = 1 ]; then gzip -9 "$out"/*.blktrace.*; fi
cat > "$out/README.md" <<README
# $(cat /sys/block/$top/dm/name) ($top), captured with traces/capture.sh

- When: $(date -u +%Y-%m-%dT%H:%M:%SZ), on $(uname -r) ($(uname -m)); traced $what.
- Devices traced: $(echo $devices) (the DM device and everything below it).
- blktrace $(blktrace -v 2>&1 | awk '{print $NF; exit}'), dmsetup $(dmsetup --version 2>/dev/null | awk '/Library/{print $3}').
- dm-crypt / dm-integrity keys in dmsetup-table.txt are replaced by <redacted>.
README
echo "capture.sh: wrote $out" >&2
