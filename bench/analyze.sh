#!/bin/bash
# Benchmark: blkparse -d + btt (the reference pipeline) against `dmreplay analyze` on the same blktrace set.
# Usage: bench/analyze.sh [dmreplay synth args...]
# Default trace: `dmreplay synth --table striped --records 5M --cpus 4 --seed 5` (the project's own generator),
# cached in /tmp/dmreplay-bench-analyze/<hash of the args>/. blkparse and btt (Debian package blktrace) are
# installed with apt-get when missing (needs root). Prints wall time and peak RSS of each side and the ratio.
# dmreplay runs with DMREPLAY_JAVA_OPTS (default here: -Xmx2g -XX:+UseSerialGC, which costs the least CPU for
# this single-threaded analysis; the launcher's own default is -Xms32m -Xmx4g with the serial collector).
set -euo pipefail
export TZ=UTC LC_ALL=C
export DMREPLAY_JAVA_OPTS=${DMREPLAY_JAVA_OPTS:--Xmx2g -XX:+UseSerialGC}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARGS=${*:-"--table striped --records 5M --cpus 4 --seed 5"}
command -v btt > /dev/null || { echo "installing blktrace (blkparse, btt) with apt-get" >&2;
  apt-get install -y -q blktrace > /dev/null; }
key=$(echo "$ARGS" | md5sum | cut -c1-12)
dir=/tmp/dmreplay-bench-analyze/$key
if [ ! -f "$dir/trace/.done" ]; then
  echo "generating trace: dmreplay synth $ARGS" >&2
  rm -rf "$dir"; mkdir -p "$dir"
  "$here/dmreplay" synth -o "$dir/trace" $ARGS >&2
  touch "$dir/trace/.done"
fi
devs=$(ls "$dir/trace" | sed -n 's/\.blktrace\.0$//p' | sort)
inputs=""; for d in $devs; do inputs="$inputs -i $d"; done
echo "trace: $dir/trace ($devs), $(du -sh "$dir/trace" | cut -f1) on disk" >&2

measure() { # label, command...: prints "wall_seconds cpu_seconds maxrss_kb"
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time.$label" "$@" > /dev/null 2> "$dir/err.$label" || {
    echo "$label failed:" >&2; cat "$dir/err.$label" >&2; exit 1; }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$dir/time.$label"
}

load=$(cut -d' ' -f1 /proc/loadavg)
# Build the jar first so that the build is not timed.
(cd "$here" && ./dmreplay --version > /dev/null)
mkdir -p "$dir/btt"
rm -f "$dir/bp.bin"
read bp_s bp_cpu bp_kb < <(cd "$dir/trace" && measure blkparse blkparse $inputs -d "$dir/bp.bin" -O -q)
read btt_s btt_cpu btt_kb < <(cd "$dir/btt" && measure btt btt -A -i "$dir/bp.bin" -o "$dir/btt/btt")
read dm_s dm_cpu dm_kb < <(measure dmreplay "$here/dmreplay" analyze --btt "$dir/trace")
read full_s full_cpu full_kb < <(measure dmreplay_full "$here/dmreplay" analyze "$dir/trace" -o "$dir/out")
"$here/dmreplay" analyze --btt "$dir/trace" > "$dir/dmreplay.avg"
if cmp -s "$dir/dmreplay.avg" "$dir/btt/btt.avg"; then same=identical; else same=DIFFERENT; fi
ref=$(echo "$bp_s + $btt_s" | bc -l)
ref_cpu=$(echo "$bp_cpu + $btt_cpu" | bc -l)
ratio=$(echo "scale=2; $ref / $dm_s" | bc -l)
ratio_full=$(echo "scale=2; $ref / $full_s" | bc -l)
echo "dump: $(stat -c %s "$dir/bp.bin") bytes; load average before: $load; DMREPLAY_JAVA_OPTS=$DMREPLAY_JAVA_OPTS"
printf '%-32s %8s %8s %12s\n' step wall_s cpu_s peak_rss_KiB
printf '%-32s %8.2f %8.2f %12d\n' 'blkparse -d' "$bp_s" "$bp_cpu" "$bp_kb"
printf '%-32s %8.2f %8.2f %12d\n' 'btt -A' "$btt_s" "$btt_cpu" "$btt_kb"
printf '%-32s %8.2f %8.2f\n' 'blkparse -d + btt -A' "$ref" "$ref_cpu"
printf '%-32s %8.2f %8.2f %12d\n' 'dmreplay analyze --btt' "$dm_s" "$dm_cpu" "$dm_kb"
printf '%-32s %8.2f %8.2f %12d\n' 'dmreplay analyze -o (full)' "$full_s" "$full_cpu" "$full_kb"
printf 'speed-up, wall: %sx with --btt (report %s to btt.avg), %sx full analysis\n' "$ratio" "$same" "$ratio_full"
