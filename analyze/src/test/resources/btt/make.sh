#!/bin/bash
# Regenerates the btt golden sets: blkgen.py traces, the real blkparse -d dump, the real btt 2.09 reports.
# Usage: make.sh /path/to/blkgen.py      (needs blkparse 1.2.0 and btt 2.09 on PATH; run from this directory)
set -euo pipefail
export TZ=UTC LC_ALL=C
GEN=${1:?usage: make.sh /path/to/blkgen.py}
HERE=$(cd "$(dirname "$0")" && pwd)
args_of() {
  case "$1" in
    single)    echo "--ios 200 --cpus 1 --disks 1 --dm none --procs 3 --seed 21 --extras" ;;
    multicpu)  echo "--ios 250 --cpus 4 --disks 2 --dm none --procs 4 --seed 22" ;;
    striped)   echo "--ios 250 --cpus 2 --disks 2 --dm striped --seed 23 --extras" ;;
    linear)    echo "--ios 250 --cpus 2 --disks 2 --dm linear --seed 24 --messages 2" ;;
    bigendian) echo "--ios 200 --cpus 2 --disks 2 --dm striped --seed 25 --endian big" ;;
  esac
}
devs_of() {
  case "$1" in
    single) echo "sda" ;;
    multicpu) echo "sda sdb" ;;
    *) echo "dm-0 sda sdb" ;;
  esac
}
for set in single multicpu striped linear bigendian; do
  D="$HERE/$set"
  rm -rf "$D"; mkdir -p "$D/trace" "$D/work"
  python3 "$GEN" --out "$D/trace" $(args_of $set) 2>/dev/null
  rm -f "$D/trace/manifest.json" "$D/trace/dmsetup_table.txt"
  inputs=""; for d in $(devs_of $set); do inputs="$inputs -i $d"; done
  ( cd "$D/trace" && blkparse $inputs -d ../bp.bin -O -q > /dev/null 2>&1 )
  ( cd "$D/work" && btt -i ../bp.bin -o btt > /dev/null 2>&1 && cp btt.avg ../btt.avg \
      && btt -A -i ../bp.bin -o btt > /dev/null 2>&1 && cp btt.avg ../btt-A.avg )
  rm -rf "$D/work"
done
# The hand-made set (no blkgen): the dump is written by handmade.py.
D="$HERE/handmade"; mkdir -p "$D/work"
python3 "$D/handmade.py" > "$D/bp.bin"
( cd "$D/work" && btt -i ../bp.bin -o btt > /dev/null 2>&1 && cp btt.avg ../btt.avg \
    && btt -A -i ../bp.bin -o btt > /dev/null 2>&1 && cp btt.avg ../btt-A.avg )
rm -rf "$D/work"
