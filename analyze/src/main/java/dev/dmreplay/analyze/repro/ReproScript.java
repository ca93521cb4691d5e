package dev.dmreplay.analyze.repro;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code repro.sh}: builds the stack of a {@link ReproPlan} on throw-away devices, runs its fio job under the
 * fault-injection settings of {@code faults.sh}, says whether the outcome is the predicted one, and tears down.
 * It refuses to do anything unless run as root with {@value #CONFIRM_VAR}={@value #CONFIRM_VALUE}, and checks
 * the tools and kernel modules first ({@code repro.sh check} only checks, without root).
 */
final class ReproScript {
    static final String CONFIRM_VAR = "DMREPLAY_REPRO_CONFIRM";
    static final String CONFIRM_VALUE = "disposable-vm";

    private ReproScript() {
    }

    /** Kernel modules a target type needs (dm-mod has linear, striped and error built in). */
    static List<String> modules(String targetType) {
        return switch (targetType) {
            case "crypt" -> List.of("dm_crypt");
            case "snapshot", "snapshot-origin", "snapshot-merge" -> List.of("dm_snapshot");
            case "thin", "thin-pool" -> List.of("dm_thin_pool");
            case "mirror" -> List.of("dm_mirror");
            case "raid" -> List.of("dm_raid");
            case "delay" -> List.of("dm_delay");
            case "zero" -> List.of("dm_zero");
            case "cache" -> List.of("dm_cache");
            default -> List.of();
        };
    }

    static String render(ReproPlan p) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# dmreplay reproducer: ").append(oneLine(p.name())).append(" under ").append(KernelEra.label(p.strategy()))
                .append(" (written by 'dmreplay repro'; read README.md first)\n");
        s.append("# Model prediction: ").append(oneLine(p.prediction().describe())).append('\n');
        s.append("# Builds the stack on throw-away devices, runs the workload with allocation failures injected and\n");
        s.append("# tears everything down. ONLY for a disposable VM: it loads modules, creates block devices, makes\n");
        s.append("# allocations fail and, when the prediction is a deadlock, leaves tasks hung until reboot.\n");
        s.append("# Usage: repro.sh check          (what is missing; no root needed)\n");
        s.append("#        ").append(CONFIRM_VAR).append('=').append(CONFIRM_VALUE).append(" repro.sh run   (as root)\n");
        s.append("# Settings (environment): BACKING=nullb|loop|scsi_debug  LEAF_DELAY=dm-delay|nullb|none\n");
        s.append("#   PRESSURE=on|off  TIMEOUT=seconds before the run counts as hung (default 120)\n");
        s.append("set -u\n");
        s.append("HERE=$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\n");
        s.append("BACKING=${BACKING:-nullb}\nLEAF_DELAY=${LEAF_DELAY:-dm-delay}\nPRESSURE=${PRESSURE:-on}\n");
        s.append("TIMEOUT=${TIMEOUT:-120}\nWORK=${WORK:-/tmp/dmrepro-").append(ReproLeaf.keyOf(p.name())).append("}\n");
        s.append("PREDICTED=").append(p.prediction().outcome().name()).append('\n');
        if (p.zoned()) {
            s.append("# writes the zoned leaves fail as unaligned in the model (the most in any schedule)\n");
            s.append("PREDICTED_UNALIGNED=").append(p.prediction().unalignedWrites()).append('\n');
        }
        s.append("DM_DEVICES=(").append(words(p.dmOrder())).append(")\n");
        List<String> mods = new ArrayList<>(modules(p));
        s.append("MODULES=(").append(words(mods)).append(")\n");
        s.append("TOOLS=(dmsetup fio awk od stat blockdev").append(p.mds().isEmpty() ? "" : " mdadm").append(")\n");
        s.append("""

                say() { echo "repro.sh: $*"; }
                die() { echo "repro.sh: $*" >&2; exit 2; }

                check() {
                  local missing=0 t m
                  for t in "${TOOLS[@]}"; do
                    command -v "$t" >/dev/null 2>&1 || { say "missing tool: $t"; missing=1; }
                  done
                  for m in "${MODULES[@]}" "$(backing_module)"; do
                    [ -d "/sys/module/$m" ] || modprobe -n -q "$m" 2>/dev/null || { say "missing kernel module: $m"; missing=1; }
                  done
                  if [ "$PRESSURE" = on ]; then
                    [ -d /sys/kernel/debug/fail_mempool_alloc ] || [ -d /sys/kernel/debug/failslab ] || [ ! -d /sys/kernel/debug ] \\
                      || { say "no fail_mempool_alloc or failslab in debugfs: CONFIG_FAULT_INJECTION_DEBUG_FS and CONFIG_FAILSLAB needed"; missing=1; }
                  fi
                  return $missing
                }

                backing_module() {
                  case "$BACKING" in
                    nullb) echo null_blk ;;
                    loop) echo loop ;;
                    scsi_debug) echo scsi_debug ;;
                    *) die "BACKING must be nullb, loop or scsi_debug, not '$BACKING'" ;;
                  esac
                }

                devno() { local d; d=$(stat -L -c '%t %T' "$1") || return 1; set -- $d; printf '%d:%d' "0x$1" "0x$2"; }

                # one line 'FROM TO' per device reference of the tables, filled in as devices appear
                map_add() { echo "$1 $2" >> "$WORK/map"; }

                # the table lines of one device from stack.table, references rewritten, crypt key filled in
                table_of() {
                  awk -v name="$1:" -v key="${CRYPT_KEY:-}" -v mapfile="$WORK/map" 'FILENAME == mapfile { m[$1] = $2; next }
                    $1 == name { $1 = ""; for (i = 2; i <= NF; i++) if ($i in m) $i = m[$i]
                      for (i = 2; i + 2 <= NF; i++) if ($i == "crypt" && key != "") $(i + 2) = key
                      sub(/^ +/, ""); print }' "$WORK/map" "$HERE/stack.table"
                }

                nullb_create() { # key size_mib queue_depth latency_ns zone_mib
                  local d=/sys/kernel/config/nullb/dmrepro-$1
                  mkdir "$d" || return 1
                  echo "$2" > "$d/size"; echo 512 > "$d/blocksize"; echo 1 > "$d/memory_backed"
                  echo "$3" > "$d/hw_queue_depth"
                  if [ "$5" -gt 0 ]; then echo 1 > "$d/zoned"; echo "$5" > "$d/zone_size"; echo 0 > "$d/zone_nr_conv"; fi
                  # dm-delay declares host-managed zoned support only in recent versions: zoned leaves get
                  # null_blk's timer completion instead
                  if { [ "$LEAF_DELAY" = nullb ] || [ "$5" -gt 0 ]; } && [ "$4" -gt 0 ]; then
                    echo 2 > "$d/irqmode"; echo "$4" > "$d/completion_nsec"
                  fi
                  echo 1 > "$d/power" || return 1
                  if [ -b "/dev/dmrepro-$1" ]; then echo "/dev/dmrepro-$1"; else echo "/dev/nullb$(cat "$d/index")"; fi
                }

                loop_create() { # key size_mib
                  truncate -s "$2M" "$WORK/$1.img" && losetup --find --show --direct-io=on "$WORK/$1.img"
                }

                SCSI_DEVS=()
                scsi_debug_all() { # count size_mib zone_mib
                  # above 1 GiB the RAM store stays 1 GiB and virtual_gb gives the size (the store wraps around)
                  local mb=$2 vgb=0
                  if [ "$mb" -gt 1024 ]; then vgb=$(( (mb + 1023) / 1024 )); mb=1024; fi
                  local zoned=()
                  # every zone sequential-write-required, as in the model (scsi_debug makes one conventional zone by default)
                  [ "$3" -gt 0 ] && zoned=(zbc=managed zone_size_mb="$3" zone_nr_conv=0)
                  modprobe scsi_debug dev_size_mb="$mb" virtual_gb="$vgb" num_tgts="$1" max_luns=1 add_host=1 "${zoned[@]}" || return 1
                  udevadm settle 2>/dev/null
                  local b
                  for b in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*/target*/*/block/*; do
                    SCSI_DEVS+=("/dev/$(basename "$b")")
                  done
                  [ "${#SCSI_DEVS[@]}" -ge "$1" ]
                }

                leaf_create() { # key ref size_mib queue_depth latency_ns delay_ms index max_sectors zone_mib
                  local dev
                  case "$BACKING" in
                    nullb) dev=$(nullb_create "$1" "$3" "$4" "$5" "$9") ;;
                    loop) [ "$9" -gt 0 ] && die "leaf $2 is zoned: use BACKING=nullb or scsi_debug"
                          dev=$(loop_create "$1" "$3") ;;
                    scsi_debug) dev=${SCSI_DEVS[$7]:-} ;;
                  esac
                  [ -b "$dev" ] || die "could not create the backing device of leaf $2"
                  echo "$dev" >> "$WORK/backing"
                  # the model's max_sectors for the leaf (set before dm-delay stacks its limits on it)
                  if [ "$8" -gt 0 ]; then
                    echo $(( $8 / 2 )) > "/sys/block/$(basename "$(readlink -f "$dev")")/queue/max_sectors_kb" \
                      || die "cannot set max_sectors_kb of $dev"
                  fi
                  if [ "$LEAF_DELAY" = dm-delay ] && [ "$6" -gt 0 ] && [ "$9" -eq 0 ]; then
                    local sectors; sectors=$(blockdev --getsz "$dev")
                    echo "0 $sectors delay $dev 0 $6" | dmsetup create "dmrepro-leaf-$1" || die "dm-delay on $dev failed"
                    echo "dmrepro-leaf-$1" >> "$WORK/delays"
                    dev=/dev/mapper/dmrepro-leaf-$1
                  fi
                  map_add "$2" "$(devno "$dev")"
                  ln -sf "$dev" "$WORK/leaf-$1"
                }

                teardown() {
                  local n i
                  [ -d "$WORK" ] || return 0
                  for (( i=${#DM_DEVICES[@]}-1; i>=0; i-- )); do dmsetup remove "${DM_DEVICES[$i]}" 2>/dev/null; done
                  [ -f "$WORK/md" ] && while read -r n; do mdadm --stop "$n" 2>/dev/null; done < "$WORK/md"
                  [ -f "$WORK/delays" ] && while read -r n; do dmsetup remove "$n" 2>/dev/null; done < "$WORK/delays"
                  case "$BACKING" in
                    nullb) for n in /sys/kernel/config/nullb/dmrepro-*; do [ -d "$n" ] && { echo 0 > "$n/power"; rmdir "$n"; }; done ;;
                    loop) [ -f "$WORK/backing" ] && while read -r n; do losetup -d "$n" 2>/dev/null; done < "$WORK/backing" ;;
                    scsi_debug) modprobe -r scsi_debug 2>/dev/null ;;
                  esac
                }

                case "${1:-}" in
                  check) check && say "all tools and modules found"; exit ;;
                  run) ;;
                  *) echo "usage: repro.sh check | repro.sh run (see README.md)" >&2; exit 2 ;;
                esac
                """);
        s.append("[ \"$(id -u)\" = 0 ] || die \"refusing to run: must be root (on a disposable VM)\"\n");
        s.append("[ \"${").append(CONFIRM_VAR).append(":-}\" = ").append(CONFIRM_VALUE)
                .append(" ] || die \"refusing to run: set ").append(CONFIRM_VAR).append('=').append(CONFIRM_VALUE)
                .append(" to confirm this machine is a disposable VM\"\n");
        s.append("""
                check || die "missing prerequisites (above)"
                for d in "${DM_DEVICES[@]}"; do dmsetup info "$d" >/dev/null 2>&1 && die "a mapped device '$d' already exists"; done
                . "$HERE/faults.sh"
                rm -rf "$WORK" && mkdir -p "$WORK" && : > "$WORK/map"
                trap 'faults_off; teardown' EXIT
                for m in "${MODULES[@]}" "$(backing_module)"; do modprobe "$m" || die "modprobe $m failed"; done
                """);
        if (p.hasCrypt()) {
            s.append("# dm-crypt: a fresh random key, made here and never stored (the model's key never left its input)\n");
            s.append("CRYPT_KEY=$(head -c ").append(Math.max(1, p.cryptKeyChars() / 2))
                    .append(" /dev/urandom | od -An -tx1 -v | tr -d ' \\n')\n");
        }
        s.append("\n# leaves: ").append(p.leaves().size()).append(" backing device(s)\n");
        long maxMib = 1;
        int maxQd = 1;
        for (ReproLeaf l : p.leaves()) {
            maxMib = Math.max(maxMib, l.mib());
            maxQd = Math.max(maxQd, l.queueDepth());
        }
        s.append("if [ \"$BACKING\" = nullb ]; then modprobe null_blk nr_devices=0 || die \"modprobe null_blk failed\"; fi\n");
        long zoneMib = 0;
        for (ReproLeaf l : p.leaves()) {
            zoneMib = Math.max(zoneMib, l.zoneMib());
        }
        s.append("if [ \"$BACKING\" = scsi_debug ]; then scsi_debug_all ").append(p.leaves().size()).append(' ')
                .append(maxMib).append(' ').append(zoneMib)
                .append(" || die \"scsi_debug gave fewer devices than needed\"; fi\n");
        int i = 0;
        for (ReproLeaf l : p.leaves()) {
            s.append("leaf_create ").append(l.key()).append(' ').append(quote(l.ref())).append(' ').append(l.mib())
                    .append(' ').append(l.queueDepth()).append(' ').append(l.latencyNs()).append(' ')
                    .append(l.delayMs()).append(' ').append(i++).append(' ').append(l.maxSectors()).append(' ')
                    .append(l.zoneMib()).append("   # ").append(oneLine(l.label()))
                    .append(", latency ").append(l.latencyNs()).append(" ns\n");
        }
        for (ReproPlan.Md md : p.mds()) {
            s.append("\n# md array ").append(oneLine(md.label())).append(md.chunkSectors() > 0 ? " (raid0, the model's chunk)\n"
                    : " (raid0: the model's md only serialises flushes)\n");
            s.append("mdadm --create /dev/md/dmrepro-").append(md.key()).append(" --run --force --level=0 --raid-devices=")
                    .append(md.members().size());
            if (md.chunkSectors() > 0) {
                s.append(" --chunk=").append(md.chunkSectors() / 2);
            }
            for (String m : md.members()) {
                s.append(" \"$WORK/leaf-").append(m).append('"');
            }
            s.append(" || die \"mdadm --create failed\"\n");
            s.append("echo /dev/md/dmrepro-").append(md.key()).append(" >> \"$WORK/md\"\n");
            if (md.maxSectors() > 0) {
                s.append("echo ").append(md.maxSectors() / 2).append(" > \"/sys/block/$(basename \"$(readlink -f /dev/md/dmrepro-")
                        .append(md.key()).append(")\")/queue/max_sectors_kb\" || die \"cannot set the md max_sectors_kb\"\n");
            }
            s.append("map_add ").append(quote(md.ref())).append(" \"$(devno /dev/md/dmrepro-").append(md.key())
                    .append(")\"\n");
        }
        s.append("\n# the stack, lower devices first (stack.table holds the tables as the model ran them)\n");
        for (String d : p.dmOrder()) {
            s.append("table_of ").append(quote(d)).append(" | dmsetup create ").append(quote(d))
                    .append(" || die \"dmsetup create ").append(oneLine(d)).append(" failed\"\n");
            String n = p.dmNumbers().get(d);
            if (n != null) {
                s.append("map_add ").append(n).append(" \"$(devno /dev/mapper/").append(d).append(")\"\n");
            }
        }
        s.append("\n# the workload, with the pressure of the model's run\n");
        s.append("cd \"$WORK\" || die \"no $WORK\"\n");
        s.append("export REPRO_DIR=\"$HERE\"\n");
        s.append("if [ \"$PRESSURE\" = on ]; then pressure_timeline & echo $! > \"$WORK/pressure.pid\"; fi\n");
        for (ReproPlan.Suspend x : p.suspends()) {
            s.append("( sleep ").append(seconds(x.atNs())).append("; dmsetup suspend ").append(quote(x.device()))
                    .append("; sleep ").append(seconds(x.resumeAfterNs())).append("; dmsetup resume ")
                    .append(quote(x.device())).append(" ) &\n");
        }
        s.append("""
                fio --output="$WORK/fio.out" "$HERE/workload.fio" &
                FIO=$!
                start=$(date +%s)
                while kill -0 "$FIO" 2>/dev/null; do
                  if [ $(( $(date +%s) - start )) -ge "$TIMEOUT" ]; then
                    say "HUNG: the workload did not finish within $TIMEOUT s (model: $PREDICTED)"
                    echo w > /proc/sysrq-trigger 2>/dev/null
                    dmesg | tail -n 200 > "$WORK/dmesg-blocked.txt"
                    say "blocked tasks: $WORK/dmesg-blocked.txt; the stack cannot be torn down, reboot the VM"
                    trap - EXIT
                    faults_off
                    case "$PREDICTED" in DEADLOCK|MEMORY_DEADLOCK|INCOMPLETE) exit 0 ;; *) exit 1 ;; esac
                  fi
                  sleep 1
                done
                wait "$FIO"; rc=$?
                faults_off
                say "COMPLETED: fio exit $rc after $(( $(date +%s) - start )) s (model: $PREDICTED); fio output: $WORK/fio.out"
                """);
        if (p.zoned()) {
            // an unaligned write is an I/O error: fio stops that job and exits non-zero
            s.append("""
                    for z in "$WORK"/leaf-*; do
                      command -v blkzone >/dev/null 2>&1 && blkzone report "$z" > "$WORK/zones-${z##*/leaf-}.txt" 2>&1
                    done
                    if [ "$rc" -ne 0 ] && [ "$PREDICTED_UNALIGNED" -eq 0 ]; then
                      say "fio failed, the model predicts no unaligned write: see $WORK/fio.out, dmesg and $WORK/zones-*.txt"; exit 1
                    fi
                    if [ "$rc" -eq 0 ] && [ "$PREDICTED_UNALIGNED" -gt 0 ]; then
                      say "every write succeeded, the model predicts $PREDICTED_UNALIGNED unaligned write(s)"; exit 1
                    fi
                    """);
        }
        s.append("case \"$PREDICTED\" in FINE|STALL) exit 0 ;; *) exit 1 ;; esac\n");
        return s.toString();
    }

    private static List<String> modules(ReproPlan p) {
        Set<String> m = new LinkedHashSet<>();
        m.add("dm_mod");
        for (String t : p.targetTypes()) {
            m.addAll(modules(t));
        }
        m.add("dm_delay");
        if (!p.mds().isEmpty()) {
            m.add("raid0");
        }
        return new ArrayList<>(m);
    }

    static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.6f", ns / 1e9);
    }

    private static String words(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append(b.length() == 0 ? "" : " ").append(quote(n));
        }
        return b.toString();
    }

    /** A shell word in single quotes. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
