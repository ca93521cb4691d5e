#!/bin/bash
# bundle.sh - host side, step 3: turn one scenario's results into a dmreplay bundle.
#
#   WORK=/var/tmp/dmr-capture ./bundle.sh stacked ../../real-stacked
#
# Copies the per-CPU blktrace files (gzip -9), the dmsetup dumps and lsblk taken before the workload, the queue
# limits, the fio job and the commands that built the stack. The dumps never hold keys: the guest saves the plain
# `dmsetup table`, never --showkeys.
set -euo pipefail
WORK=${WORK:-/var/tmp/dmr-capture}
sc=${1:?usage: bundle.sh SCENARIO OUTDIR}
out=${2:?usage: bundle.sh SCENARIO OUTDIR}
src=$WORK/results/$sc
[ -d "$src/trace" ] || { echo "bundle.sh: no results for $sc in $WORK/results" >&2; exit 2; }
mkdir -p "$out"
for f in "$src"/trace/*.blktrace.*; do gzip -9c "$f" > "$out/$(basename "$f").gz"; done
for f in dmsetup-table.txt dmsetup-ls-tree.txt dmsetup-info-c.txt lsblk.txt queue-limits.txt; do
    cp "$src/before/$f" "$out/"
done
cp "$src/fio-job.fio" "$src/commands.txt" "$out/"
# status before and after the workload, pool metadata dumps and the resync wait, when the scenario made them
[ -f "$src/before/dmsetup-status.txt" ] && cp "$src/before/dmsetup-status.txt" "$out/dmsetup-status-before.txt"
[ -f "$src/after/dmsetup-status.txt" ] && cp "$src/after/dmsetup-status.txt" "$out/dmsetup-status-after.txt"
[ -f "$src/before/thin-dump.xml" ] && cp "$src/before/thin-dump.xml" "$out/thin-dump-before.xml"
[ -f "$src/after/thin-dump.xml" ] && cp "$src/after/thin-dump.xml" "$out/thin-dump-after.xml"
[ -f "$src/settle.txt" ] && cp "$src/settle.txt" "$out/settle.txt"
# belt and braces: no table line leaves with a dm-crypt key in it
if awk '{ for (i = 1; i <= NF; i++) if ($i == "crypt" && i + 2 <= NF && $(i + 2) != "<redacted>") bad = 1 }
        END { exit !bad }' "$out/dmsetup-table.txt" "$out/commands.txt"; then
    echo "bundle.sh: a crypt key is not redacted in $out; removing the bundle" >&2
    rm -rf "$out"
    exit 1
fi
cp "$WORK/results/kernel.txt" "$out/kernel.txt"
echo "bundle.sh: $out ($(du -sh "$out" | cut -f1))"
