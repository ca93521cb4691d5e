package dev.dmreplay.analyze.pressure;

import java.util.List;

/**
 * Pressure on one mempool over a run. Reserve figures are -1 when the pool was never seen allocating.
 *
 * @param reserveHigh       the most elements seen left in the reserve (its size when never dipped into)
 * @param reserveLowWater   the fewest elements seen left in the reserve
 * @param reserveAtEnd      the reserve last seen
 * @param emptyReserveNs    time with an empty reserve (see {@link PoolPressure} for how it is bounded)
 * @param emptyEpisodes     how often the reserve ran empty
 * @param nonBlockingFailures masked attempts that returned NULL ({@code bio_alloc_bioset} with a rescuer)
 * @param nowaitFailures    {@code GFP_NOWAIT} attempts that failed (multi-bio allocation, offload triggers)
 * @param sleepsBegun       times a task went to sleep in {@code mempool_alloc}
 * @param sleeps            the sleeps that ended, with their durations
 * @param longestSleepNs    the longest sleep, counting sleeps still in progress at the end up to the end
 * @param asleepAtEnd       tasks still asleep in {@code mempool_alloc} on this pool when the run ended
 * @param repolls           5-second {@code io_schedule_timeout} expiries (wake-ups without a free)
 * @param peakInUse         most elements held at once (exact, or bounded by bio lifetimes: see below)
 * @param inUseAtEnd        elements still held at the end of the run
 * @param exactOccupancy    true when frees were observed (in use = ALLOCs - FREEs, exact empty-reserve time);
 *                          false for runs without FREE observations (approximated, see {@link PoolPressure})
 * @param timeline          occupancy per time bucket, in time order
 */
public record PoolReport(String pool, long allocations, long reserveHigh, long reserveLowWater, long reserveAtEnd,
                         long emptyReserveNs, long emptyEpisodes, long nonBlockingFailures, long nowaitFailures,
                         long sleepsBegun, Distribution.Summary sleeps, long longestSleepNs,
                         long asleepAtEnd, long repolls, long peakInUse,
                         long inUseAtEnd, boolean exactOccupancy, List<Sample> timeline) {

    /**
     * One bucket starting at {@code startNs}: the lowest reserve seen in it (-1: not seen), the most elements in
     * use, and the allocations, failures and sleeps that happened in it.
     */
    public record Sample(long startNs, long reserveMin, long inUseMax, long allocations, long failures, long sleeps) {
    }
}
