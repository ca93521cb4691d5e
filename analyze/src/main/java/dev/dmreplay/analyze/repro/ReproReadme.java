package dev.dmreplay.analyze.repro;

import java.util.Locale;

/** {@code README.md} of a reproducer: what the model predicts, for which kernels, and how to try it. */
final class ReproReadme {
    private ReproReadme() {
    }

    static String render(ReproPlan p) {
        KernelEra era = KernelEra.of(p.strategy());
        StringBuilder s = new StringBuilder();
        s.append("# Reproducer: ").append(ReproScript.oneLine(p.name())).append(" under ")
                .append(KernelEra.label(p.strategy())).append("\n\n");
        s.append(ReproScript.oneLine(p.title())).append(" (from `").append(p.source()).append("`).\n\n");
        s.append("## What the model predicts\n\n");
        s.append("- Outcome: **").append(p.prediction().outcome().name()).append("** -- ")
                .append(p.prediction().describe()).append(".\n");
        s.append("- Strategy: ").append(p.strategy().name()).append(" (").append(p.strategy().title).append(").\n");
        s.append("- Kernels it applies to: ").append(era.describe()).append(".\n");
        if (era.unmerged()) {
            s.append("- **Unmerged proposal**: no released kernel behaves like this; build a kernel with the"
                    + " proposal's patches applied, or the run tests some other ordering.\n");
        }
        if (!p.prediction().chain().isEmpty()) {
            s.append("\nThe wait-for chain the model found:\n\n```\n").append(p.prediction().chain().strip())
                    .append("\n```\n");
        }
        s.append("\nOn a kernel of that era, a DEADLOCK or MEMORY_DEADLOCK prediction means the fio tasks hang in"
                + " D state (the script reports HUNG after `TIMEOUT` seconds and saves the blocked tasks from"
                + " sysrq-w); FINE or STALL means fio completes. `repro.sh run` exits 0 when the outcome is the"
                + " predicted one, 1 when it is not, 2 when the setup failed.\n\n");
        s.append("## Files\n\n");
        s.append("| file | what it is |\n|---|---|\n");
        s.append("| `repro.sh` | builds the stack, runs the workload under the pressure, reports, tears down |\n");
        s.append("| `stack.table` | the DM tables as the model ran them (`dmsetup table` form, lower devices"
                + " first; leaf references as in the source, rewritten by the script to the devices it makes) |\n");
        s.append("| `faults.sh` | the fault-injection settings (sourced by `repro.sh`) |\n");
        s.append("| `workload.fio`, `workload/*.iolog` | the fio job and its fio iologs (version 3), one job per"
                + " submitting task |\n");
        s.append("| `blktests/tests/dm/").append(BlktestsTest.NUMBER).append("` | a blktests-style test around"
                + " `repro.sh` (set `DMREPLAY_REPRO_DIR` to this directory) |\n");
        s.append("| `prediction.json` | the prediction, machine-readable |\n\n");
        s.append("## Running it (on a disposable VM only)\n\n");
        s.append("    ./repro.sh check                  # what is missing (tools, modules, debugfs); no root\n");
        s.append("    sudo ").append(ReproScript.CONFIRM_VAR).append('=').append(ReproScript.CONFIRM_VALUE)
                .append(" ./repro.sh run\n\n");
        s.append("The script refuses to run without root and that confirmation: it loads modules, creates block"
                + " devices, makes bio allocations fail system-wide while the workload runs and, when the"
                + " prediction is a deadlock, leaves tasks hung until the VM is rebooted. Settings:"
                + " `BACKING=nullb` (default; null_blk through configfs, memory-backed so that snapshot, thin and"
                + " raid metadata persist), `loop` (sparse files under `WORK`) or `scsi_debug`;"
                + " `LEAF_DELAY=dm-delay` (default), `nullb` (null_blk's timer completion, nanosecond"
                + " precision) or `none`; `PRESSURE=off` runs without fault injection; `TIMEOUT` (s).\n\n");
        s.append("### The stack\n\n");
        s.append("```\n").append(p.table()).append("```\n\n");
        s.append("| leaf | reference | size | model latency | dm-delay | queue depth |\n|---|---|---|---|---|---|\n");
        for (ReproLeaf l : p.leaves()) {
            s.append("| ").append(l.label()).append(" | `").append(l.ref()).append("` | ").append(l.mib())
                    .append(" MiB | ").append(String.format(Locale.ROOT, "%.3f ms", l.latencyNs() / 1e6))
                    .append(" | ").append(l.delayMs() == 0 ? "none (below 0.5 ms)" : l.delayMs() + " ms")
                    .append(" | ").append(l.queueDepth()).append(" |\n");
        }
        if (p.zoned()) {
            s.append("\nZoned leaves are host-managed, every zone sequential-write-required: null_blk with `zoned=1`,"
                    + " the zone size and no conventional zone, or scsi_debug with `zbc=managed` and"
                    + " `zone_nr_conv=0`; loop devices cannot be zoned. A write that is not at its zone's write"
                    + " pointer fails (on the disk up to v6.9, on the host by zone write plugging from v6.10, which"
                    + " also holds writes behind the one in flight in their zone: docs/kernel-model.md §2.5, §2.6)."
                    + " The model predicts **").append(p.prediction().unalignedWrites()).append("** unaligned"
                    + " write(s) (the most in any schedule). fio ends a job at its first I/O error, so the script"
                    + " expects fio to succeed exactly when that number is 0, and saves `blkzone report` of each leaf"
                    + " (write pointers) under `WORK`. A zoned null_blk leaf gets its latency from null_blk's timer"
                    + " completion: dm-delay declares host-managed zoned support only in recent versions.\n");
            for (ReproLeaf l : p.leaves()) {
                if (!l.zoneSizeExact()) {
                    s.append("\nLeaf ").append(l.label()).append(": the model's zones are ").append(l.zoneSectors())
                            .append(" sectors; the drivers take power-of-two MiB, so the real zones are ")
                            .append(l.zoneMib()).append(" MiB and writes meet zone boundaries elsewhere.\n");
                }
            }
        }
        s.append("\nEach leaf is a backing device with, by default, a dm-delay device on top giving the model's"
                + " latency (dm-delay counts whole milliseconds; a leaf below 0.5 ms gets none, use"
                + " `LEAF_DELAY=nullb`). A dm-delay leaf is one more mapped device with its own clone pool, which"
                + " the model does not have; its clones are allocated in the context that submits to it, so under"
                + " hard pressure it draws on its own reserve too.\n");
        if (!p.mds().isEmpty()) {
            s.append("\nmd arrays are made with `mdadm --create --level=0` (a one-member raid0 needs `--force`): the"
                    + " model's md device is raid0 with its chunk where the scenario gives one, else a device that only"
                    + " serialises flushes (`md_flush_request`), which every personality shares.\n");
        }
        if (p.hasCrypt()) {
            s.append("\n**dm-crypt key**: the model's key never leaves its input; `stack.table` holds the masked"
                    + " form (zeros, as `dmsetup table` prints it without `--showkeys`), and the script generates a"
                    + " fresh random key of the same length at run time (`/dev/urandom`), used only for this run and"
                    + " never written to a file.\n");
        }
        s.append("\n### The workload\n\n");
        for (ReproPlan.Job j : p.jobs()) {
            s.append("- job `").append(ReproLeaf.keyOf(j.name())).append("`: ").append(j.ios())
                    .append(" I/O(s)").append(j.startUs() > 0 ? ", starting at " + j.startUs() + " us" : "")
                    .append(" (`workload/").append(FioJob.fileName(j)).append("`)\n");
        }
        s.append("\n### The pressure\n\n");
        s.append("Model pressure: `").append(p.pressure()).append("`. ");
        s.append("HARD pressure means only the mempool reserves are left: every underlying allocation of"
                + " `mempool_alloc` fails. `faults.sh` does that with `fail_mempool_alloc` where the kernel has"
                + " it (it makes `mempool_alloc` take from the reserve; proposed in October 2025 as \"mempool: add"
                + " error injection support\" with the bulk mempool series -- not in the kernels this project has"
                + " read, so it is used only when `/sys/kernel/debug/fail_mempool_alloc` exists); otherwise with"
                + " `failslab` restricted by `cache-filter` to the `bio-*`, `biovec-*` and `dm_*` slabs, with"
                + " `ignore-gfp-wait=N` so that the sleeping attempt fails too (boot with `slab_nomerge` so that"
                + " those caches are not merged with others), and for dm-crypt's page pool `fail_page_alloc`"
                + " restricted to dm_crypt's code. SOFT pressure `soft(p,q)` becomes probability max(p,q)."
                + " `fail_make_request` injects I/O errors, not allocation failures: the run does not use it"
                + " (`faults.sh` offers `io_errors_on DEV` for experiments). Requires"
                + " CONFIG_FAULT_INJECTION_DEBUG_FS, CONFIG_FAILSLAB and CONFIG_FAIL_PAGE_ALLOC.\n");
        if (!p.notes().isEmpty()) {
            s.append("\n## What the reproducer cannot carry over\n\n");
            for (String n : p.notes()) {
                s.append("- ").append(n).append('\n');
            }
        }
        s.append("\nThe schedule the model explored is not reproduced: a real kernel runs its own interleaving,"
                + " so a deadlock the model reaches in few schedules may need many runs (or more tasks) to show.\n");
        return s.toString();
    }
}
