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
 * @param observations     whether each run writes its {@code observations.parquet}
 * @param placement        one table for every trace and how traces are placed on it ({@link PlacementSpec#NONE}:
 *                         each trace on its own dumps)
 */
public record RunLimits(long seed, long stallThresholdNs, long timeLimitNs, long wallLimitNs, boolean observations,
                        PlacementSpec placement) implements Serializable {
    private static final long serialVersionUID = 1L;

    public RunLimits {
        if (placement == null) {
            placement = PlacementSpec.NONE;
        }
    }

    public RunLimits(long seed, long stallThresholdNs, long timeLimitNs, long wallLimitNs, boolean observations) {
        this(seed, stallThresholdNs, timeLimitNs, wallLimitNs, observations, PlacementSpec.NONE);
    }

    public static RunLimits defaults() {
        return new RunLimits(1, 1_000_000_000L, 0, 0, true);
    }
}
