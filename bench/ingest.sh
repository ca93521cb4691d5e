#!/usr/bin/env bash
# Ingest benchmark (a benchmark, not a test): blkparse 1.2.0 against dmreplay on a ~5 million record
# trace from the project's own generator (`dmreplay synth`), end to end, in the same run.
#
#   bench/ingest.sh            time blkparse -> /dev/null, dmreplay -> blkparse text, dmreplay -> Parquet, and
#                              reading back: dmreplay analyze of the binary trace and of the Parquet store
#   bench/ingest.sh --verify   also check that dmreplay's text is byte-identical to blkparse's (streams, no files)
#   bench/ingest.sh --jmh      run the in-process JMH benchmarks (decode, merge, render) instead
#
# Environment: DMREPLAY_BENCH_DIR (trace cache, default /tmp/dmreplay-bench), RUNS (timed runs per tool, best
# one kept, default 3). blkparse (Debian package blktrace) is installed with apt-get when missing (needs root). Results and the machine they came from: docs/PERFORMANCE.md, section "Ingest".
set -euo pipefail
export TZ=UTC LC_ALL=C
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${DMREPLAY_BENCH_DIR:-/tmp/dmreplay-bench}"
runs="${RUNS:-3}"
gen_args=(--table striped --records 5M --cpus 4 --seed 3)
trace="$cache/trace-synth-5M"
inputs=(-i dm-0 -i sda -i sdb)
command -v blkparse > /dev/null || { echo "installing blktrace (blkparse) with apt-get" >&2;
  apt-get install -y -q blktrace > /dev/null; }

classpath() {
  # the ingest module's classes plus its dependencies (test scope included, for JMH)
  (cd "$root" && mvn -q -B -ntp -Dstyle.color=never -pl ingest test-compile >&2 \
     && mvn -q -B -ntp -Dstyle.color=never -pl ingest dependency:build-classpath -Dmdep.outputFile="$cache/ingest.cp" >&2)
  echo "$root/ingest/target/test-classes:$root/ingest/target/classes:$(cat "$cache/ingest.cp")"
}

mkdir -p "$cache"
if [ "${1:-}" = --jmh ]; then
  cp=$(classpath)
  exec java -cp "$cp" dev.dmreplay.ingest.bench.BlktraceIngestBench "${@:2}"
fi

# 1. the trace (cached)
if [ ! -f "$trace/.complete" ] || [ "$(cat "$trace/.complete")" != "${gen_args[*]}" ]; then
  echo "generating $trace: dmreplay synth ${gen_args[*]}" >&2
  rm -rf "$trace"
  "$root/dmreplay" synth -o "$trace" "${gen_args[@]}" >&2
  # record count from blkparse's own summary (Events lines, one per input)
  (cd "$trace" && blkparse "${inputs[@]}" 2>/dev/null | awk '/^Events \(/ {n += $3} END {print n}') > "$trace/.events"
  echo "${gen_args[*]}" > "$trace/.complete"
fi
events=$(cat "$trace/.events")
bytes=$(cat "$trace"/*.blktrace.* | wc -c)
echo "trace: $trace ($events events, $bytes bytes, dmreplay synth ${gen_args[*]})"

# 2. which dmreplay: the CLI once 'ingest' exists, else the stand-alone main class of the ingest module
if "$root/dmreplay" --help 2>/dev/null | grep -qE '^ +ingest( |$)'; then
  have_cli=1
  dm_text=("$root/dmreplay" ingest "$trace" --format blkparse -o /dev/null)
  dm_text_stdout=("$root/dmreplay" ingest "$trace" --format blkparse)
  dm_parquet=("$root/dmreplay" ingest "$trace" -o "$cache/x.parquet")
else
  have_cli=0
  cp=$(classpath)
  dm_text=(java -cp "$cp" dev.dmreplay.ingest.blkparse.BlkparseWriterMain -o /dev/null "$trace")
  dm_text_stdout=(java -cp "$cp" dev.dmreplay.ingest.blkparse.BlkparseWriterMain "$trace")
  echo "note: 'dmreplay ingest' not available yet; timing dev.dmreplay.ingest.blkparse.BlkparseWriterMain" >&2
fi

# best of $runs runs: "wall cpu" in seconds (cpu = user + system of the process and its children); on a
# loaded machine the cpu figure is the steadier one
best() {
  local bw="" bc="" out w c
  for ((i = 0; i < runs; i++)); do
    out=$( { TIMEFORMAT='%R %U %S'; time "$@" > /dev/null 2>&1; } 2>&1 | tail -1)
    w=$(echo "$out" | awk '{print $1}'); c=$(echo "$out" | awk '{print $2 + $3}')
    if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc -l)" = 1 ]; then bw=$w; fi
    if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc -l)" = 1 ]; then bc=$c; fi
  done
  echo "$bw $bc"
}
report() { # label "wall cpu"
  local w=${2% *} c=${2#* }
  printf '%-44s: wall %8.3f s (%9.0f events/s)   cpu %8.3f s (%9.0f events/cpu-s)\n' "$1" "$w" \
    "$(echo "$events / $w" | bc -l)" "$c" "$(echo "$events / $c" | bc -l)"
}

bp=$(cd "$trace" && best blkparse "${inputs[@]}" -o /dev/null)
dm=$(best "${dm_text[@]}")
report "blkparse -i dm-0 -i sda -i sdb -o /dev/null" "$bp"
report "dmreplay ingest --format blkparse" "$dm"
printf '%-44s: wall %8.2f   cpu %8.2f\n' "speed-up (blkparse / dmreplay)" \
  "$(echo "${bp% *} / ${dm% *}" | bc -l)" "$(echo "${bp#* } / ${dm#* }" | bc -l)"
if [ "$have_cli" = 1 ]; then
  pq=$(best "${dm_parquet[@]}")
  report "dmreplay ingest -o x.parquet" "$pq"
  printf '%-44s: wall %8.2f   cpu %8.2f   (%s bytes)\n' "speed-up (blkparse / dmreplay -> Parquet)" \
    "$(echo "${bp% *} / ${pq% *}" | bc -l)" "$(echo "${bp#* } / ${pq#* }" | bc -l)" "$(wc -c < "$cache/x.parquet")"
  # reading back: the same analysis of the binary trace and of the store just written from it
  an_bin=$(best "$root/dmreplay" analyze "$trace")
  an_pq=$(best "$root/dmreplay" analyze "$cache/x.parquet")
  report "dmreplay analyze <trace dir> (binary)" "$an_bin"
  report "dmreplay analyze x.parquet (store)" "$an_pq"
  rm -f "$cache/x.parquet"
else
  printf '%-44s: skipped (%s)\n' "dmreplay ingest -o x.parquet" "'dmreplay ingest' not available yet"
fi

if [ "${1:-}" = --verify ]; then
  # blkparse's own stdout carries "Input file ... added" lines: take its -o text through fd 3 instead
  if cmp <(cd "$trace" && blkparse "${inputs[@]}" -o /dev/fd/3 3>&1 >/dev/null 2>&1) \
         <("${dm_text_stdout[@]}" 2>/dev/null); then
    echo "verify: dmreplay text is byte-identical to blkparse's"
  else
    echo "verify: OUTPUTS DIFFER" >&2
    exit 1
  fi
fi
