package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Learns the phase of a dm-cache's waker against a trace from where the kernel put each origin block.
 *
 * <p>smq (dm-cache-policy-smq.c, v6.1) ends a hotspot period in {@code end_hotspot_period} when a tick finds
 * {@code next_hotspot_period} passed; on a cache that idled before the trace only {@code do_waker}
 * (dm-cache-target.c, v6.1, once every {@code COMMIT_PERIOD}, a second) ticks, so the first period of the trace
 * ends at the waker's first tick, whose phase no record carries. That period end decides which misses promote and
 * so, since {@code alloc_entry} hands cache blocks out in order, which cache block each origin block gets. Every
 * trace of a traced cache device shows that mapping: the cache's remaps ({@code A} records from the cache device
 * to its fast device) carry the origin sector and the cache sector. The phase is fitted by replaying the trace's
 * first seconds under candidate phases and keeping the one whose mapping agrees with the kernel's on the most
 * origin blocks ({@link #fit}): two seconds, or, when the kernel promoted nothing in the first one (a workload that
 * misses the same blocks only later), up to one period past the period of its first promotion ({@link #horizonNs}).
 *
 * <p>The right phases can be a window of a few milliseconds (between two misses), narrower than the 10 ms
 * grid. When a period end made the kernel's first promotions, its migration worker copied them within a few
 * milliseconds of the promoting miss ({@code smq_lookup} → {@code queue_promotion}, then {@code
 * wake_migration_worker} → {@code check_migrations} → {@code mg_start} → kcopyd), so the millisecond phases just
 * before the kernel's first copy reads (the origin device's reads that no remap from the cache device made) are
 * candidates too ({@link #copyReads}).
 */
public final class CacheWakerPhase implements Consumer<BlockEvent> {
    /** {@code do_waker}'s period, and so the range of the phase: (0, 1 s]. */
    public static final long WAKER_PERIOD_NS = 1_000_000_000L;
    /** The model's phase when the trace shows nothing: half a period, the expected value of an unknown phase. */
    public static final long DEFAULT_PHASE_NS = WAKER_PERIOD_NS / 2;
    /** How much of the trace a candidate replays at least: the first period end and one more period. */
    public static final long HORIZON_NS = 2 * WAKER_PERIOD_NS;
    /**
     * How far the horizon may reach for a cache whose first promotion comes late: a candidate's replay costs in
     * proportion to it (t-cache-wt512 first promoted 2.35 s into its trace).
     */
    public static final long MAX_HORIZON_NS = 6 * WAKER_PERIOD_NS;
    static final long COARSE_NS = 10_000_000L;
    static final long FINE_NS = 1_000_000L;
    /**
     * How far before a kernel copy read its promoting period end is looked for: the miss, the migration worker's
     * wake-up and the copy's start took 3 ms on the write-through capture and 8 ms on the one over dm-crypt; a
     * period end does not wait for a miss either, so a margin.
     */
    static final long COPY_LEAD_NS = 20_000_000L;
    /** The kernel copy reads whose preceding milliseconds become candidates. */
    static final int MAX_COPY_READS = 4;

    private final CacheDevices cache;
    private final Map<Long, Long> mapping = new TreeMap<>();
    /** When the trace first showed each origin block of {@link #mapping} (ns from the trace's start). */
    private final Map<Long, Long> mappedAt = new TreeMap<>();
    /** When the trace first showed a cache remap (ns from the trace's start), -1 before. */
    private long firstShown = -1;
    private final CacheCopyReads originReads;
    private final List<Long> copyReads = new ArrayList<>();
    private long first = Long.MIN_VALUE;

    /** @param cache the cache's devices (an unknown origin: no copy reads are learnt) */
    public CacheWakerPhase(CacheDevices cache) {
        this.cache = cache;
        this.originReads = new CacheCopyReads(cache.top());
    }

    @Override
    public void accept(BlockEvent e) {
        if (first == Long.MIN_VALUE) {
            first = e.time();
        }
        if (e.isNotify() || e.time() - first >= MAX_HORIZON_NS) {
            return; // only the longest horizon a candidate may replay is compared
        }
        if (e.device() == cache.origin() && copyReads.size() < MAX_COPY_READS) {
            learnCopyRead(e);
        }
        if (e.kind() != Action.REMAP || e.device() != cache.fast() || e.sectors() == 0
                || e.remapFromDevice() != cache.top()) {
            return; // flushes carry no sector
        }
        long oblock = e.remapFromSector() / cache.blockSectors();
        if (mapping.putIfAbsent(oblock, e.sector() / cache.blockSectors()) == null) {
            mappedAt.put(oblock, e.time() - first);
            if (firstShown < 0) {
                firstShown = e.time() - first;
            }
        }
    }

    /**
     * How much of the trace a candidate replays: {@link #HORIZON_NS}, or, when the kernel's first promotion by level
     * comes later than the trace's first period, up to the end of the period after the one it is in (at most
     * {@link #MAX_HORIZON_NS}). That promotion is the kernel's first copy read ({@link #copyReads}), or without one
     * its first cache remap. The promotions of the period in which the kernel first promoted by level follow a
     * period end whose phase is the one fitted, and the period after it shows more of them; a whole-block write
     * promoted at once ({@code PROMOTE_TEMPORARY}) says nothing of the phase (t-cache-wb: 240 such blocks in the
     * first second, every phase placed them alike, and the first copies came at 1.97 s).
     */
    public long horizonNs() {
        long evidence = copyReads.isEmpty() ? firstShown : copyReads.get(0);
        if (evidence < 0) {
            return HORIZON_NS;
        }
        return Math.min(MAX_HORIZON_NS, Math.max(HORIZON_NS, (evidence / WAKER_PERIOD_NS + 2) * WAKER_PERIOD_NS));
    }

    /** A promotion's copy read ({@link CacheCopyReads}). */
    private void learnCopyRead(BlockEvent e) {
        if (originReads.isCopyRead(e)) {
            copyReads.add(e.time() - first);
        }
    }

    /**
     * The times of the kernel's first copy reads of promotions within the horizon (ns from the trace's start). One
     * in a later period stands for a period end whole waker periods after the first: a first period end can leave
     * every hotspot block below the promote level.
     */
    public List<Long> copyReads() {
        long h = horizonNs();
        return copyReads.stream().filter(t -> t < h).toList();
    }

    /** The kernel's origin block → cache block, as the trace's remaps within the horizon show it. */
    public Map<Long, Long> mapping() {
        long h = horizonNs();
        Map<Long, Long> in = new TreeMap<>();
        mapping.forEach((o, c) -> {
            if (mappedAt.get(o) < h) {
                in.put(o, c);
            }
        });
        return in;
    }

    /** A fitted phase: {@code matched} of {@code shown} origin blocks agree; {@code shown} 0: the default. */
    public record Fit(long phaseNs, int matched, int shown, int candidates) {
        public boolean learnt() {
            return shown > 0;
        }
    }

    /**
     * Fits the phase: {@code replay} gives the model's origin block → cache block after a replay of the horizon
     * with the waker first ticking at the given phase. Candidates every 10 ms over (0, 1 s] and every millisecond
     * in the 20 ms before each of the kernel's first copy reads ({@link #copyReads}; a period earlier for one of
     * the second period) first, then every
     * millisecond out from the ends of the best run that lies nearest the default, as long as they score no worse
     * (one that scores better raises the best: {@link #refine}); the phase is the middle candidate of the best run
     * nearest the default (a run is consecutive candidates, in phase order, with the best score). Deterministic.
     */
    public Fit fit(LongFunction<Map<Long, Long>> replay) {
        Map<Long, Long> shown = mapping();
        if (shown.isEmpty()) {
            return new Fit(DEFAULT_PHASE_NS, 0, 0, 0);
        }
        TreeMap<Long, Integer> score = new TreeMap<>();
        for (long p = COARSE_NS; p <= WAKER_PERIOD_NS; p += COARSE_NS) {
            score.put(p, matches(shown, replay.apply(p)));
        }
        for (long read : copyReads()) {
            // the whole milliseconds at or before the copy read, back to COPY_LEAD_NS before it; a copy in a later
            // period follows a period end whole waker periods after the first
            long copy = read > WAKER_PERIOD_NS ? (read - 1) % WAKER_PERIOD_NS + 1 : read;
            for (long p = copy / FINE_NS * FINE_NS; p > 0 && p >= copy - COPY_LEAD_NS; p -= FINE_NS) {
                if (!score.containsKey(p)) {
                    score.put(p, matches(shown, replay.apply(p)));
                }
            }
        }
        int best = score.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        long[] run = nearestRun(score, best);
        best = refine(score, shown, replay, run[0], -FINE_NS, best);
        best = refine(score, shown, replay, run[1], FINE_NS, best);
        run = nearestRun(score, best);
        List<Long> in = new ArrayList<>(score.subMap(run[0], true, run[1], true).keySet());
        return new Fit(in.get(in.size() / 2), best, shown.size(), score.size());
    }

    /**
     * Walks millisecond candidates from the edge {@code edge} of the best run of 10 ms candidates, in the direction
     * of {@code step}, up to the next 10 ms candidate, while they score at least {@code best}; returns the best score
     * seen. A period ends at a jiffy boundary (4 ms at the captured kernels' HZ 250), narrower than the coarse step:
     * the phases that put the period end in the kernel's jiffy can all lie between two coarse candidates, next to
     * a coarse candidate whose period end is one jiffy off and that matches only the blocks promoted before it. So a
     * millisecond candidate that scores higher than the coarse best is the new best, and the walk goes on along it.
     */
    private int refine(TreeMap<Long, Integer> score, Map<Long, Long> shown, LongFunction<Map<Long, Long>> replay,
                       long edge, long step, int best) {
        for (long p = edge + step; Math.abs(p - edge) < COARSE_NS && p > 0 && p <= WAKER_PERIOD_NS; p += step) {
            Integer known = score.get(p);
            int m = known != null ? known : matches(shown, replay.apply(p));
            score.put(p, m);
            if (m < best) {
                break;
            }
            best = m;
        }
        return best;
    }

    /** How many of the kernel's origin blocks ({@code shown}: {@link #mapping}) the model put in the same cache block. */
    static int matches(Map<Long, Long> shown, Map<Long, Long> model) {
        int n = 0;
        for (Map.Entry<Long, Long> e : shown.entrySet()) {
            if (e.getValue().equals(model.get(e.getKey()))) {
                n++;
            }
        }
        return n;
    }

    /** The run of consecutive candidates scoring {@code best} that contains or lies nearest the default. */
    private static long[] nearestRun(TreeMap<Long, Integer> score, int best) {
        long[] chosen = null;
        long distance = Long.MAX_VALUE;
        long start = -1;
        long last = -1;
        for (Map.Entry<Long, Integer> e : score.entrySet()) {
            if (e.getValue() == best) {
                if (start < 0) {
                    start = e.getKey();
                }
                last = e.getKey();
            }
            if (e.getValue() != best || e.getKey().equals(score.lastKey())) {
                if (start >= 0) {
                    long d = DEFAULT_PHASE_NS < start ? start - DEFAULT_PHASE_NS
                            : DEFAULT_PHASE_NS > last ? DEFAULT_PHASE_NS - last : 0;
                    if (d < distance) {
                        distance = d;
                        chosen = new long[] {start, last};
                    }
                }
                start = -1;
            }
        }
        return chosen;
    }
}
