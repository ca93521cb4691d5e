#!/bin/bash
# Peak-RSS curve (a benchmark, not a test): for each size, `dmreplay synth` writes a trace of that many records,
# then synth, info, analyze --btt, analyze -o (full), ingest to a Parquet event store and analyze of that store,
# replay and analyze of the run directory, a small batch over the trace (two strategies, two runs at a time in
# one JVM), compare of the replay run with a batch run against the trace, report (HTML of the replay run, and
# HTML of the trace), and btt's reference pipeline (blkparse -d + btt -A) are run under /usr/bin/time -v in the
# same run;
# prints wall time, CPU time (user + system), peak RSS, the heap from -Xlog:gc (live: the largest occupancy after a
# full collection; after_gc: the largest after any collection; "-" when there was none, or for programs that are
# not dmreplay) and the load average at the step's start per command and size.
# Usage: bench/memory.sh [SIZES...]     (default: $SIZES, else 3M 10M 30M; record counts with K/M/G suffixes)
# Environment: DMREPLAY_JAVA_OPTS (default -Xms32m -Xmx1g -XX:+UseSerialGC, the launcher's initial heap), DMREPLAY_BENCH_DIR (default
# /tmp/dmreplay-bench-memory; each size's files are deleted as soon as no later step needs them, so the disk holds
# about one trace, its store or its run at a time), STACK (default striped), CPUS (default 4), BTT_MAX (default
# 30M: the blkparse and btt steps are skipped above this many records; 0 skips them always), STEPS (default all:
# a space-separated subset of synth info btt full ingest store replay run-dir batch compare report report-trace
# blkparse; synth always runs), KEEP_LOGS=1 (keep each step's stderr and GC log as <step>-<size>.err/.gc in the
# bench directory).
set -euo pipefail
export TZ=UTC LC_ALL=C
export DMREPLAY_JAVA_OPTS=${DMREPLAY_JAVA_OPTS:--Xms32m -Xmx1g -XX:+UseSerialGC}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir=${DMREPLAY_BENCH_DIR:-/tmp/dmreplay-bench-memory}
sizes=${*:-${SIZES:-3M 10M 30M}}
steps=" ${STEPS:-synth info btt full ingest store replay run-dir batch compare report report-trace blkparse} "
records() { # 30M -> 30000000
  awk -v s="$1" 'BEGIN { n = s + 0; u = toupper(substr(s, length(s)));
    if (u == "K") n *= 1e3; else if (u == "M") n *= 1e6; else if (u == "G") n *= 1e9; printf "%d\n", n }'
}
btt_max=$(records "${BTT_MAX:-30M}")
want() { [[ "$steps" == *" $1 "* ]]; }
if want blkparse && [ "$btt_max" -gt 0 ] && ! command -v btt > /dev/null; then
  echo "installing blktrace (blkparse, btt) with apt-get" >&2; apt-get install -y -q blktrace > /dev/null
fi
mkdir -p "$dir"
(cd "$here" && ./dmreplay --version > /dev/null) # build and make the class-data archive first, untimed
run() { # label size command...: one line "label size wall_s cpu_s peak_rss_MiB live_MiB after_gc_MiB load"
  local label=$1 size=$2; shift 2
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  rm -f "$dir/gc.log"
  DMREPLAY_JAVA_OPTS="$DMREPLAY_JAVA_OPTS -Xlog:gc:file=$dir/gc.log" \
    /usr/bin/time -v -o "$dir/time" "$@" > /dev/null 2> "$dir/err" || { echo "$label $size failed:" >&2;
      cat "$dir/err" >&2; return 1; }
  if [ "${KEEP_LOGS:-0}" = 1 ]; then
    local f; f="$dir/$(echo "$label" | tr -c 'A-Za-z0-9\n-' '_')-$size"
    cp "$dir/err" "$f.err"; [ ! -f "$dir/gc.log" ] || cp "$dir/gc.log" "$f.gc"
  fi
  # heap after a collection: "[...][gc] GC(7) Pause Full (Allocation Failure) 300M->112M(494M) 12.3ms". live: the
  # largest occupancy after a full collection ("-" without one); after_gc: the largest after any collection (a young
  # one leaves the old generation's garbage in place, so this is an upper bound of the live heap)
  local heap="- -"
  [ ! -s "$dir/gc.log" ] || heap=$(awk '
    match($0, /->[0-9]+[KMG]\(/) { v = substr($0, RSTART + 2, RLENGTH - 4) + 0; u = substr($0, RSTART + RLENGTH - 2, 1);
      if (u == "K") v /= 1024; else if (u == "G") v *= 1024; if (v > m) m = v;
      if (/Pause Full/ && v > f) { f = v; full = 1 } seen = 1 }
    END { printf "%s %s\n", full ? sprintf("%.0f", f) : "-", seen ? sprintf("%.0f", m) : "-" }' "$dir/gc.log")
  awk -v l="$label" -v s="$size" -v load="$load" -v heap="$heap" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time \(seconds\)|System time \(seconds\)/ { c += $NF }
    /Maximum resident/ { r = $NF / 1024 }
    END { split(heap, h, " "); printf "%-22s %6s %9.1f %8.1f %8.0f %7s %8s %6s\n", l, s, w, c, r, h[1], h[2], load }' "$dir/time"
}
echo "DMREPLAY_JAVA_OPTS=$DMREPLAY_JAVA_OPTS; nproc $(nproc); $(df -h "$dir" | awk 'NR == 2 { print $4 }') free in $dir"
printf '%-22s %6s %9s %8s %8s %7s %8s %6s\n' command records wall_s cpu_s rss_MiB live_MiB after_gc load
for n in $sizes; do
  t="$dir/trace-$n"; rm -rf "$dir"/trace-* "$dir"/out* "$dir/store.parquet" "$dir/run" "$dir/batch" "$dir/report.html"
  run "synth" "$n" "$here/dmreplay" synth --table "${STACK:-striped}" --records "$n" --cpus "${CPUS:-4}" --seed 1 -o "$t"
  ! want info || run "info" "$n" "$here/dmreplay" info "$t"
  ! want btt || run "analyze --btt" "$n" "$here/dmreplay" analyze --btt "$t"
  ! want full || run "analyze -o (full)" "$n" "$here/dmreplay" analyze "$t" -o "$dir/out"
  rm -rf "$dir/out"
  ! want ingest || run "ingest (Parquet)" "$n" "$here/dmreplay" ingest "$t" -o "$dir/store.parquet"
  ! want store || [ ! -e "$dir/store.parquet" ] ||
    run "analyze store" "$n" "$here/dmreplay" analyze "$dir/store.parquet" -o "$dir/out-store"
  rm -rf "$dir/store.parquet" "$dir/out-store"
  ! want replay || run "replay" "$n" "$here/dmreplay" replay "$t" -o "$dir/run"
  ! want run-dir || [ ! -d "$dir/run" ] || run "analyze run-dir" "$n" "$here/dmreplay" analyze "$dir/run" -o "$dir/out-run"
  rm -rf "$dir/out-run"
  # batch: the replay above under two other strategies, -j 2 sharing this JVM's heap (batch's default); its runs
  # keep their observations so that compare below reads two full run directories
  ! want batch || run "batch (2 runs, -j 2)" "$n" "$here/dmreplay" batch "$t" --strategy BARE,MODERN -j 2 -o "$dir/batch"
  if want compare && [ -d "$dir/run" ]; then
    other=$( (find "$dir/batch" -name summary.json -path '*/MODERN/*' 2> /dev/null || true) | head -1)
    run "compare (2 runs+trace)" "$n" "$here/dmreplay" compare "$dir/run" ${other:+"$(dirname "$other")"} --trace "$t"
  fi
  rm -rf "$dir/batch"
  ! want report || [ ! -d "$dir/run" ] || run "report (run)" "$n" "$here/dmreplay" report "$dir/run" -o "$dir/report.html"
  rm -rf "$dir/run" "$dir/report.html"
  ! want report-trace || run "report (trace)" "$n" "$here/dmreplay" report "$t" -o "$dir/report.html"
  rm -f "$dir/report.html"
  if want blkparse && [ "$btt_max" -gt 0 ] && [ "$(records "$n")" -le "$btt_max" ]; then
    inputs=""; for d in $(ls "$t" | sed -n 's/\.blktrace\.0$//p' | sort); do inputs="$inputs -i $d"; done
    (cd "$t" && run "blkparse -d" "$n" blkparse $inputs -d "$dir/bp.bin" -O -q)
    run "btt -A" "$n" btt -A -i "$dir/bp.bin" -o "$dir/btt"
  fi
  rm -rf "$t" "$dir/bp.bin" "$dir"/btt*
done
