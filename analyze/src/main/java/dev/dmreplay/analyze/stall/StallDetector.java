package dev.dmreplay.analyze.stall;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObservationListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stalls and deadlocks from the observation stream: every blocked episode ({@link Wait}) longer than a threshold,
 * with who waited, on what, in which function and what released it; every STALL the model itself reported
 * (including submissions that stayed in {@code generic_make_request} too long); and the model's DEADLOCK chains,
 * kept verbatim. Episodes still open at the end of the run are reported as unfinished waits.
 *
 * <p>At most {@code maxKept} long waits are kept (the longest; ties by start time, then task), and the first
 * {@code maxKept} model stalls; the counts are exact.
 */
public final class StallDetector implements ObservationListener {
    public static final long DEFAULT_THRESHOLD_NS = dev.dmreplay.replay.sim.Kernel.DEFAULT_STALL_THRESHOLD_NS;
    public static final int DEFAULT_MAX_KEPT = 1000;

    private final long thresholdNs;
    private final int maxKept;
    private final Map<String, Episode> open = new HashMap<>();
    private final List<Episode> ending = new ArrayList<>();
    private final List<Wait> longWaits = new ArrayList<>();
    private final List<Observation> modelStalls = new ArrayList<>();
    private final List<String> deadlocks = new ArrayList<>();
    private long count;
    private long modelStallCount;
    private long longest;
    private long now;
    /** The last observation that was not about waiting (described only when it released a wait). */
    private Observation lastOther;
    private final Map<String, Long> timedOut = new HashMap<>();

    public StallDetector(long thresholdNs, int maxKept) {
        if (thresholdNs < 0 || maxKept < 0) {
            throw new IllegalArgumentException("threshold and limit must not be negative");
        }
        this.thresholdNs = thresholdNs;
        this.maxKept = maxKept;
    }

    public StallDetector() {
        this(DEFAULT_THRESHOLD_NS, DEFAULT_MAX_KEPT);
    }

    public long thresholdNs() {
        return thresholdNs;
    }

    @Override
    public void on(Observation o) {
        if (o.time() > now) {
            settle();
            now = o.time();
        }
        switch (o.kind()) {
            case WAIT_BEGIN -> {
                Episode e = open.get(o.task());
                if (e != null && e.endNs == o.time() && e.resource.equals(o.resource())) {
                    e.endNs = -1; // went straight back to sleep: the same episode
                    ending.remove(e);
                } else {
                    if (e != null) {
                        close(e);
                    }
                    open.put(o.task(), new Episode(o.task(), o.resource(), o.detail(), o.time()));
                }
            }
            case WAIT_END -> {
                Episode e = open.get(o.task());
                if (e == null) {
                    e = new Episode(o.task(), o.resource(), o.detail(), o.time() - o.value());
                    open.put(o.task(), e);
                }
                e.wakeups++;
                Long t = timedOut.remove(o.task());
                boolean byTimer = t != null && t == o.time();
                if (byTimer) {
                    e.repolls++;
                }
                e.endNs = o.time();
                e.releasedBy = byTimer ? "timeout"
                        : lastOther != null && lastOther.time() == o.time() ? describe(lastOther) : "";
                ending.add(e);
            }
            case TIMEOUT -> timedOut.put(o.task(), o.time());
            case STALL -> {
                modelStallCount++;
                if (modelStalls.size() < Math.max(maxKept, 1)) {
                    modelStalls.add(o);
                }
            }
            case DEADLOCK -> deadlocks.add(o.detail() == null ? "" : o.detail());
            default -> lastOther = o;
        }
    }

    /** Episodes that ended at an earlier instant are final now. */
    private void settle() {
        for (Episode e : ending) {
            open.remove(e.task);
            record(e.toWait(true, e.endNs));
        }
        ending.clear();
    }

    private void close(Episode e) {
        ending.remove(e);
        open.remove(e.task);
        record(e.toWait(true, e.endNs));
    }

    private void record(Wait w) {
        // the longest wait is a fact of the run whatever the threshold: a run whose tasks all waited just under it
        // must not read "longest wait 0"
        longest = Math.max(longest, w.durationNs());
        if (w.durationNs() <= thresholdNs) {
            return;
        }
        count++;
        longWaits.add(w);
        if (longWaits.size() > 2 * Math.max(maxKept, 16)) {
            trim();
        }
    }

    private static final Comparator<Wait> ORDER = Comparator.comparingLong(Wait::durationNs).reversed()
            .thenComparingLong(Wait::beginNs).thenComparing(Wait::task);

    private void trim() {
        longWaits.sort(ORDER);
        while (longWaits.size() > maxKept) {
            longWaits.remove(longWaits.size() - 1);
        }
    }

    static String describe(Observation o) {
        StringBuilder b = new StringBuilder(o.kind().name());
        if (o.bio() != 0) {
            b.append(" bio ").append(o.bio());
        }
        if (o.device() != null) {
            b.append(" on ").append(o.device());
        }
        if (o.resource() != null) {
            b.append(" (").append(o.resource()).append(')');
        }
        if (o.task() != null) {
            b.append(" by ").append(o.task());
        }
        if (o.detail() != null && !o.detail().isEmpty()) {
            b.append(" [").append(o.detail()).append(']');
        }
        return b.toString();
    }

    /** Finishes the analysis; episodes still open count until {@code endNs}. */
    public StallReport report(long endNs) {
        settle();
        List<Wait> unfinished = new ArrayList<>();
        Map<String, Episode> sorted = new TreeMap<>(open);
        long total = count;
        long longestAll = longest;
        for (Episode e : sorted.values()) {
            Wait w = e.toWait(false, Math.max(endNs, now));
            unfinished.add(w);
            // a task that never woke up waited at least until the end: that is the stall a stuck run is about
            longestAll = Math.max(longestAll, w.durationNs());
            if (w.durationNs() > thresholdNs) {
                total++;
            }
        }
        List<Wait> kept = new ArrayList<>(longWaits);
        kept.sort(ORDER);
        while (kept.size() > maxKept) {
            kept.remove(kept.size() - 1);
        }
        List<StallReport.ModelStall> ms = new ArrayList<>();
        for (Observation o : modelStalls) {
            ms.add(new StallReport.ModelStall(o.time(), o.task() == null ? "" : o.task(),
                    o.resource() == null ? "" : o.resource(), o.detail() == null ? "" : o.detail(), o.value()));
        }
        return new StallReport(thresholdNs, total, longestAll, kept, unfinished, modelStallCount, ms,
                List.copyOf(deadlocks));
    }

    private static final class Episode {
        final String task;
        final String resource;
        final String function;
        final long beginNs;
        long endNs = -1;
        long wakeups;
        long repolls;
        String releasedBy = "";

        Episode(String task, String resource, String function, long beginNs) {
            this.task = task == null ? "" : task;
            this.resource = resource == null ? "" : resource;
            this.function = function == null ? "" : function;
            this.beginNs = beginNs;
        }

        Wait toWait(boolean ended, long end) {
            return new Wait(task, resource, function, beginNs, end, wakeups, repolls, ended ? releasedBy : "", ended);
        }
    }
}
