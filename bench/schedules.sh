#!/bin/bash
# Exploration throughput (a benchmark, not a test): schedules per second of one scenario cell explored with
# `dmreplay scenario --schedules N`, on 1 thread and on 2 threads (-j), in the same run, with the speed-up, and a
# check that both print the same result. Times are of the whole command (JVM start-up included, so N should be
# large enough for the exploration to dominate); CPU time is user + sys.
# Usage: bench/schedules.sh [SCENARIO] [N]      (default: traces/scenarios/S1.yaml under BARE, 500000 schedules:
# one schedule of S1 takes about 25 µs, so fewer measure mostly JVM start-up and JIT compilation)
# Environment: STRATEGY (default BARE), KNOBS (default "cpuNsPerMap=0", comma-separated --knob values),
# THREADS (default "1 2"), DMREPLAY_JAVA_OPTS (default -Xmx1g -XX:+UseParallelGC: with the serial collector
# every young collection stops both schedule threads).
set -euo pipefail
export TZ=UTC LC_ALL=C
export DMREPLAY_JAVA_OPTS=${DMREPLAY_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenario=${1:-$here/traces/scenarios/S1.yaml}
n=${2:-500000}
strategy=${STRATEGY:-BARE}
knobs=()
IFS=',' read -ra ks <<< "${KNOBS-cpuNsPerMap=0}"
for k in "${ks[@]}"; do [ -n "$k" ] && knobs+=(--knob "$k"); done
dir=$(mktemp -d /tmp/dmreplay-bench-schedules.XXXXXX)
trap 'rm -rf "$dir"' EXIT
(cd "$here" && ./dmreplay --version > /dev/null) # build first, so that the build is not timed
echo "load average before: $(cut -d' ' -f1 /proc/loadavg); nproc $(nproc); DMREPLAY_JAVA_OPTS=$DMREPLAY_JAVA_OPTS"
echo "cell: $(basename "$scenario") under $strategy ${knobs[*]}, $n schedules"
printf '%-10s %8s %8s %14s %16s\n' threads wall_s cpu_s schedules/s schedules/cpu-s
first=""
base=""
for t in ${THREADS:-1 2}; do
  /usr/bin/time -f "%e %U %S" -o "$dir/time.$t" "$here/dmreplay" scenario "$scenario" --strategy "$strategy" \
    "${knobs[@]}" --schedules "$n" -j "$t" --json > "$dir/out.$t" 2> "$dir/err.$t" || {
    rc=$?; [ "$rc" = 3 ] || { echo "scenario -j $t failed:" >&2; cat "$dir/err.$t" >&2; exit 1; }; }
  read s u y < "$dir/time.$t"
  awk -v t="$t" -v s="$s" -v c="$(echo "$u + $y" | bc -l)" -v n="$n" \
    'BEGIN { printf "%-10s %8.2f %8.2f %14.1f %16.1f\n", t, s, c, n / s, n / c }'
  if [ -z "$first" ]; then first=$t; base=$s
  else
    if cmp -s "$dir/out.$first" "$dir/out.$t"; then same=identical; else same=DIFFERENT; fi
    echo "speed-up -j $t over -j $first: $(echo "scale=2; $base / $s" | bc -l)x wall; output $same"
  fi
done
grep -o '"outcome" *: *"[A-Z_]*"' "$dir/out.$first" | head -1
