#!/bin/bash
# Regenerates the golden sets in this directory with blkgen.py and the real blkparse 1.2.0
# (Debian 12 blktrace 1.2.0-5).  Usage: make-golden.sh PATH/TO/blkgen.py
# Argument sets are those of tools/blkgen/make_fixtures.sh, with --ios cut down (small sets: 250) so that
# each default.txt stays under 200 KB.
set -euo pipefail
export TZ=UTC LC_ALL=C
GEN="python3 ${1:?usage: make-golden.sh PATH/TO/blkgen.py}"
cd "$(dirname "$0")"
gen() {
  local set=$1; shift
  rm -rf "$set"; mkdir -p "$set/trace"
  $GEN --out "$set/trace" "$@" 2> /dev/null
}
gen tiny         --ios 24 --cpus 1 --disks 1 --dm none --procs 2 --seed 11 --messages 1
gen small        --ios 250 --cpus 2 --disks 2 --dm striped --extras --seed 7
gen small-be     --ios 250 --cpus 2 --disks 2 --dm striped --extras --seed 7 --endian big
gen small-linear --ios 250 --cpus 2 --disks 2 --dm linear --seed 8 --msg-cgroup
rm -rf edge; python3 make-edge.py edge/trace
for set in tiny small small-be small-linear; do
  if [ "$set" = tiny ]; then inputs="-i sda"; else inputs="-i dm-0 -i sda -i sdb"; fi
  ( cd "$set/trace"
    blkparse $inputs -o ../default.txt > ../default.stdout 2> ../default.stderr
    blkparse $inputs -d ../bp.bin -O -q > /dev/null 2>&1 )
done
# edge: hand-made corner cases (make-edge.py), two inputs
( cd edge/trace
  blkparse -i sda -i a-very-long-input-name-to-cut-in-titles -o ../default.txt \
      > ../default.stdout 2> ../default.stderr )
