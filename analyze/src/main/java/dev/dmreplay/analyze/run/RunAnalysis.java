package dev.dmreplay.analyze.run;

import dev.dmreplay.analyze.pressure.BioFamily;
import dev.dmreplay.analyze.pressure.CloneTracker;
import dev.dmreplay.analyze.pressure.PoolPressure;
import dev.dmreplay.analyze.pressure.RescueActivity;
import dev.dmreplay.analyze.stall.StallDetector;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObservationListener;
import dev.dmreplay.replay.observe.ObserveLevel;
import java.util.EnumMap;
import java.util.Map;

/**
 * All replay analyses as one {@link ObservationListener}: bioset and mempool pressure, rescue activity, live
 * clones, stalls and deadlocks, and top-level latency. Streaming: memory is bounded by the bios in flight, the
 * timeline buckets and the kept long waits, so it can listen to a live replay as well as to a run directory's
 * observation file ({@link dev.dmreplay.replay.observe.ObservationReader}). Call {@link #report} once the stream has ended.
 */
public final class RunAnalysis implements ObservationListener {
    /** Analysis settings: the stall threshold, the long waits kept and the occupancy bucket width. */
    public record Options(long stallThresholdNs, int maxWaitsKept, long bucketNs) {
        public static Options defaults() {
            return new Options(StallDetector.DEFAULT_THRESHOLD_NS, StallDetector.DEFAULT_MAX_KEPT, 100_000_000L);
        }
    }

    private final BioFamily family = new BioFamily();
    private final PoolPressure pools;
    private final CloneTracker clones;
    private final RescueActivity rescue = new RescueActivity();
    private final StallDetector stalls;
    private final TopLevelLatency latency = new TopLevelLatency();
    private final Map<ObservationKind, Long> kinds = new EnumMap<>(ObservationKind.class);
    private long observations;
    private long firstTime = -1;
    private long lastTime;
    private ObserveLevel level = ObserveLevel.ALL;

    public RunAnalysis(Options o) {
        pools = new PoolPressure(family, o.bucketNs());
        clones = new CloneTracker(family);
        stalls = new StallDetector(o.stallThresholdNs(), o.maxWaitsKept());
    }

    public RunAnalysis() {
        this(Options.defaults());
    }

    /**
     * Declares that the producer emits FREE observations (a live replay of the current model, or a file whose
     * {@link dev.dmreplay.replay.observe.ObservationReader#freesObserved()} is true), so mempool occupancy is exact; call before the first
     * observation. Returns this.
     */
    public RunAnalysis freesObserved() {
        pools.freesObserved();
        return this;
    }

    /**
     * Declares the level the observations were recorded at (a run directory's, from its footer or summary), so
     * the report says which of its sections were not recorded. Returns this.
     */
    public RunAnalysis recordedAt(ObserveLevel l) {
        level = l;
        return this;
    }

    @Override
    public void on(Observation o) {
        observations++;
        if (firstTime < 0) {
            firstTime = o.time();
        }
        lastTime = Math.max(lastTime, o.time());
        kinds.merge(o.kind(), 1L, Long::sum);
        // the family must see the observation first: pools and clones react to its tree changes
        family.on(o);
        pools.on(o);
        rescue.on(o);
        stalls.on(o);
        latency.on(o);
    }

    /**
     * The results. {@code endNs} is the end of the run when known (e.g. from the run summary), otherwise pass -1
     * and the last observation's time is used.
     */
    public RunReport report(String name, Map<String, String> about, long endNs) {
        long end = Math.max(endNs, lastTime);
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (ObservationKind k : ObservationKind.values()) {
            counts.put(k.name(), kinds.getOrDefault(k, 0L));
        }
        return new RunReport(name, about, observations, end, counts, latency.report(), pools.reports(end),
                rescue.report(), clones.report(), stalls.report(end), null,
                level == ObserveLevel.ALL ? null : level.label());
    }
}
