package dev.dmreplay.analyze.repro;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.List;

/**
 * Everything a reproducer is written from, whatever it came from (a scenario or a replay run directory).
 *
 * @param name       the scenario id or run name
 * @param source     where it came from (file or directory), for the README
 * @param title      one line on what it is
 * @param strategy   the rescue strategy whose prediction is reproduced
 * @param table      the DM stack as a {@code dmsetup table} dump ({@code name: start length type args} lines,
 *                   lower devices first), with the leaf references as the source wrote them and crypt keys
 *                   masked (zeros)
 * @param dmOrder    DM device names in creation order (lower devices first)
 * @param leaves     the leaf disks
 * @param mds        md arrays the tables reference (built with mdadm over some of the leaves)
 * @param dmNumbers  original device numbers of mapped devices ({@code maj:min}) by name, where the source
 *                   knew them: a table referring to a mapped device by number is rewritten to the new number
 * @param jobs       the workload: one fio job per submitting task
 * @param suspends   dmsetup suspend/resume the run does, in order
 * @param pressure   the memory pressure of the run
 * @param prediction the model's prediction
 * @param notes      what the reproducer cannot carry over (dropped operations, approximations)
 */
public record ReproPlan(String name, String source, String title, Strategy strategy, String table,
                        List<String> dmOrder, List<ReproLeaf> leaves, List<Md> mds, java.util.Map<String, String> dmNumbers,
                        List<Job> jobs, List<Suspend> suspends, MemoryPressure pressure,
                        Prediction prediction, List<String> notes) {

    public ReproPlan {
        dmOrder = List.copyOf(dmOrder);
        leaves = List.copyOf(leaves);
        mds = List.copyOf(mds);
        dmNumbers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dmNumbers));
        suspends = List.copyOf(suspends);
        jobs = List.copyOf(jobs);
        notes = List.copyOf(notes);
    }

    /**
     * One fio job: its name, the iolog text (fio iolog v3), when it starts relative to the run (µs) and how many
     * I/Os it holds.
     */
    public record Job(String name, String iolog, long startUs, long ios) {
    }

    /**
     * An md array of the stack: its key, the reference the tables use, its name, and the keys of its member
     * leaves. The model's md device only serialises flushes (md_flush_request), which every personality shares;
     * the reproducer builds it as raid0 (with the model's chunk and max_sectors when it has them: the raid0 of
     * the ordering scenarios).
     */
    public record Md(String key, String ref, String label, List<String> members, int chunkSectors,
                     int maxSectors) {
        public Md {
            members = List.copyOf(members);
        }
    }

    /** A {@code dmsetup suspend} of {@code device} at {@code atNs} into the run, resumed {@code resumeAfterNs} later. */
    public record Suspend(String device, long atNs, long resumeAfterNs) {
    }

    /**
     * The hex length of the first dm-crypt key field (masked), or 0 without crypt; a keyring reference counts as
     * a 64-character key (aes-xts with two 256-bit keys).
     */
    public int cryptKeyChars() {
        for (String l : table.lines().toList()) {
            String[] w = l.trim().split("\\s+");
            for (int i = 0; i + 2 < w.length; i++) {
                if (w[i].equals("crypt")) {
                    return w[i + 2].startsWith(":") ? 64 : w[i + 2].length();
                }
            }
        }
        return 0;
    }

    /** Whether the stack has a dm-crypt target (the script then generates a key at run time). */
    public boolean hasCrypt() {
        return table.lines().anyMatch(l -> List.of(l.trim().split("\\s+")).contains("crypt"));
    }

    /** Whether any leaf is a zoned (host-managed) disk. */
    public boolean zoned() {
        return leaves.stream().anyMatch(l -> l.zoneSectors() > 0);
    }

    /** The DM target types of the stack, in first-use order. */
    public List<String> targetTypes() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String l : table.lines().toList()) {
            String[] w = l.trim().split("\\s+");
            if (w.length >= 4) {
                out.add(w[3]);
            }
        }
        return List.copyOf(out);
    }
}
