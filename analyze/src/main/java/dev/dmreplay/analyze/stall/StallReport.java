package dev.dmreplay.analyze.stall;

import java.util.List;

/**
 * Stalls and deadlocks of a run.
 *
 * @param longWaits   waits longer than the threshold, longest first (at most the detector's limit)
 * @param longWaitCount how many waits exceeded the threshold (exact), counting waits still open at the end that had
 *                    already lasted longer (they are listed in {@code unfinished}, not in {@code longWaits})
 * @param longestWaitNs the longest wait, a wait still open at the end counting up to the end of the run
 * @param unfinished  waits still in progress when the run ended, by task
 * @param modelStallCount how many STALL observations the model made (its own threshold)
 * @param modelStalls the first of them, in time order
 * @param deadlocks   the model's wait-for chains, verbatim
 */
public record StallReport(long thresholdNs, long longWaitCount, long longestWaitNs, List<Wait> longWaits,
                          List<Wait> unfinished, long modelStallCount, List<ModelStall> modelStalls,
                          List<String> deadlocks) {

    /** A STALL observation: at {@code timeNs}, {@code task} spent {@code ns} in {@code what} on {@code resource}. */
    public record ModelStall(long timeNs, String task, String resource, String what, long ns) {
    }
}
