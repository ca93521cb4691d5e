#!/bin/bash
# Peak-RSS curve (a benchmark, not a test): for each size, `dmreplay synth` writes a trace of that many records,
# then synth, info, analyze --btt, analyze -o (full), ingest to a Parquet event store and analyze of that store,
# replay and analyze of the run directory, and btt's reference pipeline (blkparse -d + btt -A) are run under
# /usr/bin/time -v in the same run; prints wall time, CPU time (user + system), peak RSS and the load average at
# the step's start per command and size.
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
run() { # label size command...: one line "label size wall_s cpu_s peak_rss_MiB load"
  local label=$1 size=$2; shift 2
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v -o "$dir/time" "$@" > /dev/null 2> "$dir/err" || { echo "$label $size failed:" >&2;
    cat "$dir/err" >&2; return 1; }
  awk -v l="$label" -v s="$size" -v load="$load" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time \(seconds\)|System time \(seconds\)/ { c += $NF }
    /Maximum resident/ { r = $NF / 1024 }
    END { printf "%-22s %6s %9.1f %8.1f %10.0f %6s\n", l, s, w, c, r, load }' "$dir/time"
}
echo "DMREPLAY_JAVA_OPTS=$DMREPLAY_JAVA_OPTS; nproc $(nproc)"
printf '%-22s %6s %9s %8s %10s %6s\n' command records wall_s cpu_s rss_MiB load
for n in $sizes; do
  t="$dir/trace-$n"; rm -rf "$t" "$dir"/out* "$dir/store.parquet" "$dir/run"
  run "synth" "$n" "$here/dmreplay" synth --table "${STACK:-striped}" --records "$n" --cpus "${CPUS:-4}" --seed 1 -o "$t"
  run "info" "$n" "$here/dmreplay" info "$t"
  run "analyze --btt" "$n" "$here/dmreplay" analyze --btt "$t"
  run "analyze -o (full)" "$n" "$here/dmreplay" analyze "$t" -o "$dir/out"
  run "ingest (Parquet)" "$n" "$here/dmreplay" ingest "$t" -o "$dir/store.parquet"
  run "analyze store" "$n" "$here/dmreplay" analyze "$dir/store.parquet" -o "$dir/out-store"
  run "replay" "$n" "$here/dmreplay" replay "$t" -o "$dir/run"
  run "analyze run-dir" "$n" "$here/dmreplay" analyze "$dir/run" -o "$dir/out-run"
  inputs=""; for d in $(ls "$t" | sed -n 's/\.blktrace\.0$//p' | sort); do inputs="$inputs -i $d"; done
  (cd "$t" && run "blkparse -d" "$n" blkparse $inputs -d "$dir/bp.bin" -O -q)
  run "btt -A" "$n" btt -A -i "$dir/bp.bin" -o "$dir/btt"
  rm -rf "$t" "$dir/out" "$dir/bp.bin" "$dir"/btt* "$dir/store.parquet" "$dir/out-store" "$dir/run" "$dir/out-run"
done
