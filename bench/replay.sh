#!/bin/bash
# Replay end to end (a benchmark, not a test): read the trace, run the model, write the observations.
# Times, in the same run, `dmreplay info` on the trace (the reference: reading the same records once) and
# `dmreplay replay` at each observation level (--observe all, pools, summary), and prints for each replay its
# ratio to info's time and its top-level bios per second (wall and per CPU-second, user + sys), with the load
# average (1 min) after each step: on a shared machine the wall times mean little without it.
# Usage: bench/replay.sh [dmreplay synth args...]
# Default trace: `dmreplay synth --table linear-over-striped --records 5M --cpus 2 --seed 5` (the project's own
# generator; a linear LV over a 2-way stripe, no memory pressure in the replay), cached in
# /tmp/dmreplay-bench-replay/<hash of the args>/.
# Environment: DMREPLAY_JAVA_OPTS (default -Xmx1g -XX:+UseSerialGC), RUNS (default 1: best of RUNS per step),
# LEVELS (default "all pools summary"), PROFILE=1 (also record a JFR profile of `replay --observe all` and print
# the hottest methods and packages of its samples).
set -euo pipefail
export TZ=UTC LC_ALL=C
export DMREPLAY_JAVA_OPTS=${DMREPLAY_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARGS=${*:-"--table linear-over-striped --records 5M --cpus 2 --seed 5"}
RUNS=${RUNS:-1}
LEVELS=${LEVELS:-all pools summary}
key=$(echo "$ARGS" | md5sum | cut -c1-12)
dir=/tmp/dmreplay-bench-replay/$key
(cd "$here" && ./dmreplay --version > /dev/null) # build first, so that the build is not timed
if [ ! -f "$dir/trace/.done" ]; then
  echo "generating trace: dmreplay synth $ARGS" >&2
  rm -rf "$dir"; mkdir -p "$dir"
  "$here/dmreplay" synth -q -o "$dir/trace" $ARGS >&2
  touch "$dir/trace/.done"
fi
echo "trace: $dir/trace, $(du -sh "$dir/trace" | cut -f1) on disk" >&2

best() { # label, command...: best of RUNS, prints "wall_s cpu_s maxrss_kb"
  local label=$1; shift
  local out=""
  for ((i = 0; i < RUNS; i++)); do
    rm -rf "$dir/run"
    /usr/bin/time -f "%e %U %S %M" -o "$dir/time.$label" "$@" > "$dir/out.$label" 2> "$dir/err.$label" || {
      echo "$label failed:" >&2; cat "$dir/err.$label" >&2; exit 1; }
    local line; line=$(awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$dir/time.$label")
    if [ -z "$out" ] || awk -v a="$line" -v b="$out" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[1] < y[1]) }'; then
      out=$line
    fi
  done
  echo "$out"
}

load=$(cut -d' ' -f1 /proc/loadavg)
read info_s info_cpu info_kb < <(best info "$here/dmreplay" info "$dir/trace")
records=$(sed -n 's/^events: *\([0-9]*\).*/\1/p' "$dir/out.info" | head -1)
printf 'load average before: %s; nproc %s; DMREPLAY_JAVA_OPTS=%s; RUNS=%s\n' "$load" "$(nproc)" \
  "$DMREPLAY_JAVA_OPTS" "$RUNS"
printf '%-28s %8s %8s %10s %8s %12s %14s %10s %6s\n' step wall_s cpu_s rss_MiB "x info" "bios/s wall" "bios/cpu-s" \
  obs_MiB load
printf '%-28s %8.2f %8.2f %10.0f %8s %12s %14s %10s %6s\n' "info" "$info_s" "$info_cpu" "$((info_kb / 1024))" 1.00 - - - \
  "$load"
for level in $LEVELS; do
  read s cpu kb < <(best "replay-$level" "$here/dmreplay" replay "$dir/trace" --observe "$level" -o "$dir/run")
  bios=$(sed -n 's/.*"submitted" : \([0-9]*\).*/\1/p' "$dir/run/summary.json" | head -1)
  obs=0
  [ -f "$dir/run/observations.parquet" ] && obs=$(stat -c %s "$dir/run/observations.parquet")
  awk -v l="replay --observe $level" -v s="$s" -v c="$cpu" -v kb="$kb" -v is="$info_s" -v b="$bios" -v o="$obs" \
    -v la="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "%-28s %8.2f %8.2f %10.0f %8.2f %12.0f %14.0f %10.1f %6s\n", l, s, c, kb / 1024, s / is,
             b / s, b / c, o / 1048576, la }'
done
echo "top-level bios: $bios; trace records (info): ${records:-?}"
if [ "${PROFILE:-0}" = 1 ]; then
  jfr_file="$dir/replay.jfr"
  rm -rf "$dir/run" "$jfr_file"
  DMREPLAY_JAVA_OPTS="$DMREPLAY_JAVA_OPTS -XX:StartFlightRecording=filename=$jfr_file,settings=profile" \
    "$here/dmreplay" replay "$dir/trace" --observe all -o "$dir/run" > /dev/null 2>&1
  jfr print --events jdk.ExecutionSample "$jfr_file" > "$dir/samples.txt"
  echo "JFR execution samples of replay --observe all ($jfr_file): top frames"
  awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); n[$0]++; t++ }
       END { for (k in n) printf "%6.1f%%  %s\n", 100 * n[k] / t, k }' "$dir/samples.txt" | sort -rn | head -25
  echo "by package of the top frame"
  awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/\(.*/, ""); m = split($0, p, ".");
         k = p[1]; for (i = 2; i < m - 1 && i <= 4; i++) k = k "." p[i]; n[k]++; t++ }
       END { for (k in n) printf "%6.1f%%  %s\n", 100 * n[k] / t, k }' "$dir/samples.txt" | sort -rn | head -15
  echo "threads"
  awk '/sampledThread = / { sub(/^[ \t]*sampledThread = /, ""); n[$0]++; t++ }
       END { for (k in n) printf "%6.1f%%  %s\n", 100 * n[k] / t, k }' "$dir/samples.txt" | sort -rn | head -5
fi
