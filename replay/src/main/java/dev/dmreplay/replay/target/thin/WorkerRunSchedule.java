package dev.dmreplay.replay.target.thin;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * When the kernel's pool worker ran, learnt from a trace. The pool's {@code do_worker} (dm-thin.c v6.1) runs on an
 * ordered workqueue that {@code wake_worker} only queues ({@code queue_work}); on the traced machine it started
 * 0.3–3 ms after the wake, so every bio {@code thin_defer_bio}/{@code thin_defer_cell} added in between was taken
 * in the same pass and, sorted by sector ({@code sort_cells}, {@code __sort_thin_deferred_bios}), given its new
 * data blocks in sector order.
 *
 * <p>A deferred bio waits for the kernel's first worker run after its own recorded {@code Q} on its thin device
 * ({@link #runFor}). Keying the run to the bio's own record, not to the model's clock, keeps a model that maps a
 * bio later than the kernel did from pulling it into the kernel's next run, batched with bios the kernel handled
 * apart: when that run is already past, the worker runs at once. So does it for a bio with no run within
 * {@link #windowNs} of its {@code Q}, or one the trace has no record of (as without a schedule).
 *
 * <p>Times are in the replay's clock (trace time minus the replay's origin).
 */
public final class WorkerRunSchedule {
    /** The longest wait for a learnt run: longer than the slowest worker start seen (about 3 ms). */
    public static final long DEFAULT_WINDOW_NS = 4_000_000;

    private final long[] runs;
    private final long windowNs;
    /** A cell the trace does not place in a pass of the kernel's worker ({@link #passKey}). */
    public static final long NO_PASS = Long.MIN_VALUE;
    /** How far a replayed bio's Q may be from its recorded one for the pass key to be its own. */
    static final long PASS_MATCH_NS = 50_000_000;

    /** Recorded Q times of the thin devices' bios, by device name and sector, ascending. */
    private final Map<String, Map<Long, long[]>> queued;
    /** Provisioning bios' (Q, pass take point) pairs, by device name and sector, in Q order. */
    private final Map<String, Map<Long, long[]>> passes;
    /** The worker's remaps of the thin devices' bios: (Q, remap) pairs by device name and sector, in Q order. */
    private final Map<String, Map<Long, long[]>> remaps;
    /** How many provisioning bios each pass (by take point) took. */
    private final Map<Long, Integer> passSizes = new HashMap<>();

    private WorkerRunSchedule(long[] runs, long windowNs, Map<String, Map<Long, long[]>> queued,
                              Map<String, Map<Long, long[]>> passes, Map<String, Map<Long, long[]>> remaps) {
        this.runs = runs;
        this.windowNs = windowNs;
        this.queued = queued;
        this.passes = passes;
        this.remaps = remaps;
        passes.values().forEach(bySector -> bySector.values().forEach(pairs -> {
            for (int i = 1; i < pairs.length; i += 2) {
                passSizes.merge(pairs[i], 1, Integer::sum);
            }
        }));
    }

    /**
     * A schedule of these run times (any order, duplicates allowed) for the bios queued on the thin devices at
     * these times (device name → sector → Q times).
     */
    public static WorkerRunSchedule of(long[] times, Map<String, Map<Long, long[]>> queuedAt, long windowNs) {
        return of(times, queuedAt, Map.of(), windowNs);
    }

    /**
     * As {@link #of(long[], Map, long)}, with the kernel's worker passes: for each provisioning bio, by device name
     * and sector, flattened (Q, take point) pairs in Q order (the survey's
     * {@code dev.dmreplay.replay.workload.ThinWorkerPasses}).
     */
    public static WorkerRunSchedule of(long[] times, Map<String, Map<Long, long[]>> queuedAt,
                                       Map<String, Map<Long, long[]>> passKeys, long windowNs) {
        return of(times, queuedAt, passKeys, Map.of(), windowNs);
    }

    /**
     * As {@link #of(long[], Map, Map, long)}, with the time the kernel's worker remapped each bio it remapped: by
     * {@link #remapKey} and sector, flattened (Q, remap) pairs in Q order (the survey's
     * {@code dev.dmreplay.replay.workload.ThinWorkerRuns#workerRemaps}).
     */
    public static WorkerRunSchedule of(long[] times, Map<String, Map<Long, long[]>> queuedAt,
                                       Map<String, Map<Long, long[]>> passKeys,
                                       Map<String, Map<Long, long[]>> workerRemaps, long windowNs) {
        if (windowNs < 0) {
            throw new IllegalArgumentException("window must not be negative: " + windowNs);
        }
        long[] s = times.clone();
        Arrays.sort(s);
        Map<String, Map<Long, long[]>> q = new HashMap<>();
        queuedAt.forEach((dev, bySector) -> {
            Map<Long, long[]> m = new HashMap<>();
            bySector.forEach((sector, at) -> {
                long[] a = at.clone();
                Arrays.sort(a);
                m.put(sector, a);
            });
            q.put(dev, m);
        });
        return new WorkerRunSchedule(s, windowNs, q, Map.copyOf(passKeys), Map.copyOf(workerRemaps));
    }

    public static WorkerRunSchedule of(long[] times, Map<String, Map<Long, long[]>> queuedAt) {
        return of(times, queuedAt, DEFAULT_WINDOW_NS);
    }

    /** The first learnt run at or after {@code t}, or {@code t} itself when none comes within the window. */
    public long runAt(long t) {
        int i = Arrays.binarySearch(runs, t);
        if (i < 0) {
            i = -i - 1;
        }
        if (i >= runs.length || runs[i] - t > windowNs) {
            return t;
        }
        return runs[i];
    }

    /**
     * How much earlier than its recorded Q the model may defer a bio for that Q to be its own ({@link #runFor}):
     * the model's map path above the thin device (dm-crypt's {@code crypt_map}, say) may pass it down sooner than
     * the traced kernel did.
     */
    static final long EARLY_QUEUE_NS = 1_000_000;

    /**
     * When the worker the model wakes at {@code now} for the bio at {@code sector} of thin device {@code device}
     * runs: the kernel's first run after the bio's own recorded Q, or {@code now} when that run is past (the model
     * deferred the bio later than the kernel ran for it) or the trace has no such Q. The bio's own Q is the latest
     * at or before {@code now}, unless the next one comes within {@value #EARLY_QUEUE_NS} ns after {@code now} and
     * nearer: a model that deferred the bio a little before the kernel queued it (an fsync's empty REQ_PREFLUSH bio
     * that {@code crypt_map}, dm-crypt.c v6.1, sends on to thin0 at once, 30-100 us earlier in the model than on the
     * traced kernel) must not take the previous flush's Q at the same sector 0, whose run is long past, and run the
     * worker at once where the kernel's started milliseconds later ({@code thin_bio_map} defers every
     * REQ_PREFLUSH bio to the worker, dm-thin.c v6.1).
     */
    public long runFor(String device, long sector, long now) {
        Map<Long, long[]> m = queued.get(device);
        long[] at = m == null ? null : m.get(sector);
        if (at == null) {
            return now;
        }
        int i = Arrays.binarySearch(at, now);
        if (i < 0) {
            i = -i - 2; // the last Q before now
            int next = i + 1;
            if (next < at.length && at[next] - now <= EARLY_QUEUE_NS && (i < 0 || at[next] - now < now - at[i])) {
                i = next; // the model is a little ahead of the kernel's Q for this bio
            }
        }
        if (i < 0) {
            return now;
        }
        return Math.max(now, runAt(at[i]));
    }

    /**
     * The take point of the kernel's worker pass that provisioned the bio at {@code sector} of thin device
     * {@code device} queued by the model at {@code now}: that of the recorded Q nearest to {@code now} (within
     * {@value #PASS_MATCH_NS} ns), or {@link #NO_PASS}. A worker run takes the cells of the earliest pending pass
     * only ({@code PoolWorker}), so a cell the kernel deferred after its pass had taken the list waits for the next
     * pass, whatever the model's run time.
     */
    public long passKey(String device, long sector, long now) {
        Map<Long, long[]> m = passes.get(device);
        long[] pairs = m == null ? null : m.get(sector);
        if (pairs == null) {
            return NO_PASS;
        }
        long best = NO_PASS;
        long bestGap = PASS_MATCH_NS + 1;
        for (int i = 0; i < pairs.length; i += 2) {
            long gap = Math.abs(pairs[i] - now);
            if (gap < bestGap) {
                bestGap = gap;
                best = pairs[i + 1];
            }
        }
        return best;
    }

    /** How far a replayed bio's Q may be from its recorded one for the worker's remap of it to be its own. */
    static final long REMAP_MATCH_NS = 1_000_000;

    /** The key of a thin device's reads ({@code write} false) or writes in the worker remaps given to {@link #of}. */
    public static String remapKey(String device, boolean write) {
        return device + (write ? " W" : " R");
    }

    /**
     * When the kernel's worker remapped the read or write ({@code write}) at {@code sector} of thin device
     * {@code device} that the model's map path got at {@code queued}: the remap paired with the recorded Q of
     * that direction nearest to it (within {@value #REMAP_MATCH_NS} ns), or {@link #NO_PASS} when the trace has
     * none (the kernel's map path remapped it, or it is not traced). {@code do_worker} handles a pass's cells one
     * after another and issues each bio as it gets to it; on the traced machine it got to the later ones of a
     * pass milliseconds after the first with nothing else recorded in between (the worker was not running),
     * which the trace shows as that remap's time and nothing else predicts.
     */
    public long remapAt(String device, boolean write, long sector, long queued) {
        Map<Long, long[]> m = remaps.get(remapKey(device, write));
        long[] pairs = m == null ? null : m.get(sector);
        if (pairs == null) {
            return NO_PASS;
        }
        long best = NO_PASS;
        long bestGap = REMAP_MATCH_NS + 1;
        for (int i = 0; i < pairs.length; i += 2) {
            long gap = Math.abs(pairs[i] - queued);
            if (gap < bestGap) {
                bestGap = gap;
                best = pairs[i + 1];
            }
        }
        return best;
    }

    /** How many provisioning bios the kernel's pass with take point {@code passKey} took (0 if none is known). */
    public int passSize(long passKey) {
        return passSizes.getOrDefault(passKey, 0);
    }

    public int size() {
        return runs.length;
    }

    public long windowNs() {
        return windowNs;
    }
}
