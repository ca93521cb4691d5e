package dev.dmreplay.analyze.repro;

import dev.dmreplay.replay.pressure.MemoryPressure;
import java.util.List;

/**
 * {@code faults.sh}: the fault-injection settings (Documentation/fault-injection/fault-injection.rst) that put a
 * real kernel under the model's memory pressure (docs/kernel-model.md §9.5). HARD pressure, "only the mempool
 * reserves are left", is every underlying allocation of {@code mempool_alloc} failing:
 * <ul>
 *   <li>{@code fail_mempool_alloc} where the kernel has it: it makes {@code mempool_alloc} skip
 *       {@code pool->alloc} and take from the reserve, which is exactly the model's HARD pressure. It was proposed
 *       in October 2025 ("mempool: add error injection support", C. Hellwig, with the bulk mempool series); it is
 *       not in the kernels this project has read, so the script uses it only where debugfs shows it;</li>
 *   <li>else {@code failslab} limited by {@code cache-filter} to the bio and bvec slabs ({@code bio-N},
 *       {@code biovec-*}, and dm's own caches), so that the rest of the system keeps allocating, with
 *       {@code ignore-gfp-wait=N} so that the sleeping second attempt of {@code mempool_alloc} fails too; and for
 *       dm-crypt's page pool {@code fail_page_alloc} limited to dm_crypt's text by {@code require-start/end}.</li>
 * </ul>
 * SOFT pressure {@code soft(p,q)} becomes a probability of {@code max(p,q)}; the kernel's fault attributes cannot
 * tell an attempt without reclaim from one with it except by {@code ignore-gfp-wait}, which is {@code N} when
 * {@code q > 0}. {@code fail_make_request} (I/O errors at {@code submit_bio_noacct}) is not memory pressure: the
 * file offers it as {@code io_errors_on DEV} for experiments with error paths, and the run never calls it.
 */
final class FaultSettings {
    private FaultSettings() {
    }

    static String render(ReproPlan p) {
        StringBuilder s = new StringBuilder();
        s.append("# Fault-injection settings for the reproducer (sourced by repro.sh; read README.md).\n");
        s.append("# Model pressure: ").append(p.pressure()).append('\n');
        s.append("""
                DBG=/sys/kernel/debug
                fault_attr() { # dir probability ignore_gfp_wait
                  echo 0 > "$1/probability"
                  echo 1 > "$1/interval"; echo -1 > "$1/times"; echo 0 > "$1/space"; echo 0 > "$1/verbose"
                  echo N > "$1/task-filter"
                  [ -e "$1/ignore-gfp-wait" ] && echo "$3" > "$1/ignore-gfp-wait"
                  echo "$2" > "$1/probability"
                }

                # probability (percent) and ignore-gfp-wait (Y: only attempts that cannot sleep fail)
                faults_on() {
                  mountpoint -q "$DBG" || mount -t debugfs none "$DBG"
                  if [ -d "$DBG/fail_mempool_alloc" ]; then
                    # mempool_alloc skips pool->alloc and takes from the reserve: the model's pressure exactly
                    fault_attr "$DBG/fail_mempool_alloc" "$1" "$2"
                    return
                  fi
                  [ -d "$DBG/failslab" ] || { echo "faults.sh: no failslab in debugfs (CONFIG_FAILSLAB)" >&2; return 1; }
                  local c
                  for c in /sys/kernel/slab/bio-* /sys/kernel/slab/biovec-* /sys/kernel/slab/dm_*; do
                    [ -e "$c/failslab" ] || continue
                    [ -L "$c" ] && echo "faults.sh: $c is merged with other caches: boot with slab_nomerge" >&2
                    echo 1 > "$c/failslab"
                  done
                  echo Y > "$DBG/failslab/cache-filter"
                  fault_attr "$DBG/failslab" "$1" "$2"
                  if [ -d /sys/module/dm_crypt/sections ] && [ -d "$DBG/fail_page_alloc" ]; then
                    # dm-crypt's page pool allocates pages: fail those allocated from dm_crypt's code only
                    cat /sys/module/dm_crypt/sections/.text > "$DBG/fail_page_alloc/require-start"
                    cat /sys/module/dm_crypt/sections/.data > "$DBG/fail_page_alloc/require-end"
                    echo 32 > "$DBG/fail_page_alloc/stacktrace-depth"
                    echo N > "$DBG/fail_page_alloc/ignore-gfp-highmem"
                    fault_attr "$DBG/fail_page_alloc" "$1" "$2"
                  fi
                }

                # stops the pressure timeline, then clears every setting
                faults_off() {
                  if [ -n "${WORK:-}" ] && [ -f "$WORK/pressure.pid" ]; then
                    kill "$(cat "$WORK/pressure.pid")" 2>/dev/null; rm -f "$WORK/pressure.pid"
                  fi
                  faults_clear
                }

                faults_clear() {
                  local f c
                  for f in fail_mempool_alloc failslab fail_page_alloc; do
                    [ -e "$DBG/$f/probability" ] && echo 0 > "$DBG/$f/probability"
                  done
                  for c in /sys/kernel/slab/bio-* /sys/kernel/slab/biovec-* /sys/kernel/slab/dm_*; do
                    [ -e "$c/failslab" ] && echo 0 > "$c/failslab" 2>/dev/null
                  done
                  return 0
                }

                # Not used by repro.sh: I/O errors (fail_make_request) for experiments with error paths.
                io_errors_on() { # device name as in /sys/block, e.g. nullb0
                  echo 1 > "/sys/block/$1/make-it-fail"
                  fault_attr "$DBG/fail_make_request" 100 Y
                }
                io_errors_off() { echo 0 > "$DBG/fail_make_request/probability"; echo 0 > "/sys/block/$1/make-it-fail"; }

                """);
        s.append("# the model's pressure over time (seconds from the start of the workload)\n");
        s.append("pressure_timeline() {\n");
        List<MemoryPressure.Phase> phases = p.pressure().phases();
        if (phases.isEmpty()) {
            s.append("  : # no pressure in the model's run\n");
        }
        long now = 0;
        for (MemoryPressure.Phase ph : phases) {
            if (ph.mode() == MemoryPressure.Mode.NONE) {
                continue;
            }
            if (ph.from() > now) {
                s.append("  sleep ").append(ReproScript.seconds(ph.from() - now)).append('\n');
                now = ph.from();
            }
            int percent;
            String wait;
            if (ph.alwaysFails()) {
                percent = 100;
                wait = "N";
            } else {
                percent = (int) Math.round(100 * Math.max(ph.failNoReclaim(), ph.failReclaim()));
                wait = ph.failReclaim() > 0 ? "N" : "Y";
            }
            s.append("  faults_on ").append(percent).append(' ').append(wait).append("   # ")
                    .append(ph.mode()).append('\n');
            if (ph.to() != Long.MAX_VALUE) {
                s.append("  sleep ").append(ReproScript.seconds(ph.to() - now)).append("\n  faults_clear\n");
                now = ph.to();
            }
        }
        s.append("}\n");
        return s.toString();
    }
}
