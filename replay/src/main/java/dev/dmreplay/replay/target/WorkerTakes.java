package dev.dmreplay.replay.target;

import java.util.HashMap;
import java.util.Map;

/**
 * When the traced kernel's worker took each bio a target queued for it, learnt from a trace: per sector, the
 * bio's {@code Q} on the target's device and the moment the worker acted on it (kmirrord's first leg write of a
 * mirror write, {@code do_writes} in dm-raid1.c; the submission of a dm-crypt write's encrypted clone, its remap
 * record, from {@code dmcrypt_write} or kcryptd in dm-crypt.c; both v6.1). A bio the model queues is handed to its
 * worker at the kernel's moment for the latest recorded bio at its sector queued at or before the model's clock
 * ({@link #takenAt}); a bio the trace does not pair (an empty flush, a sector with no record, a take more than
 * {@link #MAX_WAIT_NS} after its {@code Q}) is handed over at once, as without a schedule. Pairing per bio, not "the
 * worker's next run after the {@code Q}": a run under way may have taken its list before the bio was there.
 *
 * <p>Times are in the replay's clock (trace time minus the replay's origin).
 */
public final class WorkerTakes {
    /**
     * A longer gap is taken for a pairing error, not a wait. Direct I/O on the captured kernels waited up to about
     * 40 ms; an fsync's writeback queues thousands of page writes within milliseconds, and kmirrord, at about 110 us
     * of CPU time per write on the traced machine, took the last ones 545 ms after their {@code Q}.
     */
    public static final long MAX_WAIT_NS = 1_000_000_000L;

    /** By sector: (Q, taken) pairs flattened, ascending by Q. */
    private final Map<Long, long[]> bySector;
    private final long pairs;
    /** How far before a recorded {@code Q} the model's bio may come and still be that bio ({@link #allowingEarly}). */
    private final long earlyNs;

    private WorkerTakes(Map<Long, long[]> bySector, long pairs, long earlyNs) {
        this.bySector = bySector;
        this.pairs = pairs;
        this.earlyNs = earlyNs;
    }

    /**
     * This schedule, with a model's bio taken for a recorded one whose {@code Q} is up to {@code ns} later than the
     * model's clock: where the model reaches the target a little before the kernel did (its mapping above costs no
     * CPU time), the first bio of a burst would otherwise find no record at or before its time and go at once.
     */
    public WorkerTakes allowingEarly(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("a negative tolerance: " + ns);
        }
        return new WorkerTakes(bySector, pairs, ns);
    }

    /** A schedule of these (Q, taken) pairs per sector, each list flattened and in Q order. */
    public static WorkerTakes of(Map<Long, long[]> pairsBySector) {
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
        return new WorkerTakes(m, n, 0);
    }

    /**
     * When the worker takes the bio at {@code sector} the model queues at {@code now}: the kernel's moment for the
     * latest recorded write there queued at or before {@code now}, or {@code now} when that moment is past, too far
     * from its {@code Q}, or the trace has no such write.
     */
    public long takenAt(long sector, long now) {
        long[] a = bySector.get(sector);
        if (a == null) {
            return now;
        }
        int lo = latestAtOrBefore(a, now + earlyNs);
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

    /**
     * The value paired with the latest recorded bio at {@code sector} queued at or before {@code queuedAt} (a
     * schedule of (Q, value) pairs used for a learnt delay rather than a moment), or -1 when there is none.
     */
    public long recorded(long sector, long queuedAt) {
        long[] a = bySector.get(sector);
        int i = a == null ? 0 : latestAtOrBefore(a, queuedAt);
        return i == 0 ? -1 : a[2 * (i - 1) + 1];
    }

    /** The number of pairs with a Q at or before {@code t}. */
    private static int latestAtOrBefore(long[] a, long t) {
        int lo = 0;
        int hi = a.length / 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[2 * mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** How many bios the schedule holds. */
    public long size() {
        return pairs;
    }
}
