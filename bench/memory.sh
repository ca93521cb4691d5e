#!/bin/bash
# Peak-RSS curve (a benchmark, not a test): for each size, `dmreplay synth` writes a trace of that many records,
# then synth, info, analyze --btt, analyze -o (full) and btt's reference pipeline (blkparse -d + btt -A) are run
# under /usr/bin/time -v in the same run; prints wall time and peak RSS per command and size.
# Usage: bench/memory.sh [SIZES...]     (default: 3M 10M 30M; record counts with K/M suffixes)
# Environment: DMREPLAY_JAVA_OPTS (default -Xmx1g -XX:+UseSerialGC), DMREPLAY_BENCH_DIR (default
# /tmp/dmreplay-bench-memory; traces are deleted after each size), STACK (default striped), CPUS (default 4).
set -euo pipefail
export TZ=UTC LC_ALL=C
export DMREPLAY_JAVA_OPTS=${DMREPLAY_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir=${DMREPLAY_BENCH_DIR:-/tmp/dmreplay-bench-memory}
sizes=${*:-"3M 10M 30M"}
command -v btt > /dev/null || { echo "installing blktrace (blkparse, btt) with apt-get" >&2;
  apt-get install -y -q blktrace > /dev/null; }
(cd "$here" && ./dmreplay --version > /dev/null)
mkdir -p "$dir"
run() { # label size command...: one line "label size wall_s peak_rss_MiB load"
  local label=$1 size=$2; shift 2
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v -o "$dir/time" "$@" > /dev/null 2> "$dir/err" || { echo "$label $size failed:" >&2;
    cat "$dir/err" >&2; return 1; }
  awk -v l="$label" -v s="$size" -v load="$load" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /Maximum resident/ { r = $NF / 1024 }
    END { printf "%-22s %6s %9.1f %10.0f %6s\n", l, s, w, r, load }' "$dir/time"
}
echo "DMREPLAY_JAVA_OPTS=$DMREPLAY_JAVA_OPTS; nproc $(nproc)"
printf '%-22s %6s %9s %10s %6s\n' command records wall_s rss_MiB load
for n in $sizes; do
  t="$dir/trace-$n"; rm -rf "$t" "$dir/out"
  run "synth" "$n" "$here/dmreplay" synth --table "${STACK:-striped}" --records "$n" --cpus "${CPUS:-4}" --seed 1 -o "$t"
  run "info" "$n" "$here/dmreplay" info "$t"
  run "analyze --btt" "$n" "$here/dmreplay" analyze --btt "$t"
  run "analyze -o (full)" "$n" "$here/dmreplay" analyze "$t" -o "$dir/out"
  inputs=""; for d in $(ls "$t" | sed -n 's/\.blktrace\.0$//p' | sort); do inputs="$inputs -i $d"; done
  (cd "$t" && run "blkparse -d" "$n" blkparse $inputs -d "$dir/bp.bin" -O -q)
  run "btt -A" "$n" btt -A -i "$dir/bp.bin" -o "$dir/btt"
  rm -rf "$t" "$dir/out" "$dir/bp.bin" "$dir"/btt*
done
