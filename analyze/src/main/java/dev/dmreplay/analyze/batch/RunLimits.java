package dev.dmreplay.analyze.batch;

import java.io.Serializable;

/**
 * The settings every run of a batch shares.
 *
 * @param seed             random seed of the model
 * @param stallThresholdNs waits longer than this (virtual ns) make a STALL
 * @param timeLimitNs      stop each run at this virtual time (0: none); a run stopped with bios outstanding is
 *                         INCOMPLETE, deterministically
 * @param wallLimitNs      stop a run after this much wall-clock time (0: none); it is recorded as TIMEOUT. Not
 *                         deterministic by nature: use {@code timeLimitNs} for reproducible tables
 *                         (trace reading and stack building included)
 * @param observations     whether each run writes its {@code observations.parquet}
 * @param memoryPerRunBytes heap of each run (0: none of its own): each run then executes in a child JVM with this
 *                         {@code -Xmx} ({@link ChildRun}); a run that needs more is FAILED with the reason, the
 *                         others go on
 * @param placement        one table for every trace and how traces are placed on it ({@link PlacementSpec#NONE}:
 *                         each trace on its own dumps)
 */
public record RunLimits(long seed, long stallThresholdNs, long timeLimitNs, long wallLimitNs, boolean observations,
                        long memoryPerRunBytes, PlacementSpec placement) implements Serializable {
    private static final long serialVersionUID = 3L;

    public RunLimits {
        if (placement == null) {
            placement = PlacementSpec.NONE;
        }
    }

    /** Runs in the batch's own JVM, each trace on its own dumps. */
    public RunLimits(long seed, long stallThresholdNs, long timeLimitNs, long wallLimitNs, boolean observations) {
        this(seed, stallThresholdNs, timeLimitNs, wallLimitNs, observations, 0, PlacementSpec.NONE);
    }

    /** Each trace on its own dumps. */
    public RunLimits(long seed, long stallThresholdNs, long timeLimitNs, long wallLimitNs, boolean observations,
                     long memoryPerRunBytes) {
        this(seed, stallThresholdNs, timeLimitNs, wallLimitNs, observations, memoryPerRunBytes, PlacementSpec.NONE);
    }

    /** The same limits with another placement. */
    public RunLimits withPlacement(PlacementSpec p) {
        return new RunLimits(seed, stallThresholdNs, timeLimitNs, wallLimitNs, observations, memoryPerRunBytes, p);
    }

    public static RunLimits defaults() {
        return new RunLimits(1, dev.dmreplay.replay.sim.Kernel.DEFAULT_STALL_THRESHOLD_NS, 0, 0, true);
    }
}
