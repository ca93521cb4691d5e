package dev.dmreplay.replay.dm;

import java.util.List;

/** {@code struct dm_table}: the targets in sector order; {@code dm_table_find_target} by binary search. */
public final class DmTable {
    private final Target[] targets;
    private final long size;

    public DmTable(List<Target> targets) {
        this.targets = targets.toArray(new Target[0]);
        long expect = 0;
        for (Target t : this.targets) {
            if (t.begin != expect) {
                throw new IllegalArgumentException("table has a gap or overlap at sector " + expect + " (target starts at "
                        + t.begin + ")");
            }
            if (t.len <= 0) {
                throw new IllegalArgumentException("target at " + t.begin + " has length " + t.len);
            }
            expect += t.len;
        }
        this.size = expect;
    }

    public long size() {
        return size;
    }

    public List<Target> targets() {
        return List.of(targets);
    }

    public int count() {
        return targets.length;
    }

    public Target target(int i) {
        return targets[i];
    }

    /** {@code dm_table_find_target()}; null beyond the end. */
    public Target find(long sector) {
        int lo = 0;
        int hi = targets.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Target t = targets[mid];
            if (sector < t.begin) {
                hi = mid - 1;
            } else if (sector >= t.begin + t.len) {
                lo = mid + 1;
            } else {
                return t;
            }
        }
        return null;
    }

    /** Largest {@code num_flush_bios} of the table ({@code min_pool_size} in dm_table_alloc_md_mempools). */
    public int maxNumFlushBios() {
        int m = 0;
        for (Target t : targets) {
            m = Math.max(m, t.numFlushBios());
        }
        return m;
    }
}
