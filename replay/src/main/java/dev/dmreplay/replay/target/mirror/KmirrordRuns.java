package dev.dmreplay.replay.target.mirror;

import java.util.HashMap;
import java.util.Map;

/**
 * When the traced kernel's kmirrord took each write from {@code ms->writes} ({@code do_mirror} → {@code do_writes},
 * dm-raid1.c v6.1), learnt from a trace: per mirror sector, the write's {@code Q} on the mirror and the moment its
 * first leg write was queued. A write the model maps is handed to kmirrord at the kernel's moment for the latest
 * recorded write at its sector queued at or before the model's clock ({@link #takenAt}); a write the trace does not
 * pair (an empty flush, a sector with no record, a take more than {@link #MAX_WAIT_NS} after its {@code Q}) is
 * handed over at once, as without a schedule.
 *
 * <p>Times are in the replay's clock (trace time minus the replay's origin).
 */
public final class KmirrordRuns {
    /** A longer gap is taken for a pairing error, not a wait: the captured kernel's longest was about 40 ms. */
    public static final long MAX_WAIT_NS = 200_000_000L;

    /** By mirror sector: (Q, taken) pairs flattened, ascending by Q. */
    private final Map<Long, long[]> bySector;
    private final long pairs;

    private KmirrordRuns(Map<Long, long[]> bySector, long pairs) {
        this.bySector = bySector;
        this.pairs = pairs;
    }

    /** A schedule of these (Q, taken) pairs per sector, each list flattened and in Q order. */
    public static KmirrordRuns of(Map<Long, long[]> pairsBySector) {
        Map<Long, long[]> m = new HashMap<>();
        long n = 0;
        for (Map.Entry<Long, long[]> e : pairsBySector.entrySet()) {
            long[] a = e.getValue();
            if (a.length % 2 != 0) {
                throw new IllegalArgumentException("pairs of sector " + e.getKey() + " have an odd length");
            }
            for (int i = 2; i < a.length; i += 2) {
                if (a[i] < a[i - 2]) {
                    throw new IllegalArgumentException("pairs of sector " + e.getKey() + " are not in Q order");
                }
            }
            m.put(e.getKey(), a.clone());
            n += a.length / 2;
        }
        return new KmirrordRuns(m, n);
    }

    /**
     * When kmirrord takes the write at {@code sector} the model maps at {@code now}: the kernel's moment for the
     * latest recorded write there queued at or before {@code now}, or {@code now} when that moment is past, too far
     * from its {@code Q}, or the trace has no such write.
     */
    public long takenAt(long sector, long now) {
        long[] a = bySector.get(sector);
        if (a == null) {
            return now;
        }
        int lo = 0;
        int hi = a.length / 2; // first pair with Q > now
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[2 * mid] <= now) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == 0) {
            return now;
        }
        long q = a[2 * (lo - 1)];
        long taken = a[2 * (lo - 1) + 1];
        if (taken - q > MAX_WAIT_NS) {
            return now;
        }
        return Math.max(now, taken);
    }

    /** How many writes the schedule holds. */
    public long size() {
        return pairs;
    }
}
