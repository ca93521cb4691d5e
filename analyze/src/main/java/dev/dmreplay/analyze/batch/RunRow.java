package dev.dmreplay.analyze.batch;

import java.io.Serializable;
import java.util.List;

/**
 * One row of a batch's result table ({@code runs.parquet}, {@code runs.csv}): what one run of a trace under a
 * strategy and a pressure found. Failed runs (bad trace, unknown strategy, wall-clock limit) have their outcome
 * {@link #FAILED} or {@link #TIMEOUT}, the reason in {@code error} and zero figures. Column names and types are
 * listed in {@link RunTable#COLUMNS}.
 *
 * @param trace     the trace's name in the batch
 * @param input     the trace as given (local path or Hadoop URI)
 * @param strategy  the rescue strategy
 * @param pressure  the memory pressure as given
 * @param knobs     every knob of the strategy, {@code name=value} joined by {@code ;} (empty when failed before)
 * @param outcome   FINE, STALL, INCOMPLETE, DEADLOCK, MEMORY_DEADLOCK, or FAILED / TIMEOUT
 * @param error     why the run failed; empty otherwise
 * @param completed top-level bios completed
 * @param submitted top-level bios submitted
 * @param q2cP50Ns  median Q2C of the top-level bios in the model (ns, HdrHistogram 3 digits; 0 when none)
 * @param q2cP99Ns  99th percentile of the same
 * @param endTimeNs virtual time at which the run ended
 * @param chain     the wait-for chain of a deadlock; empty otherwise
 * @param pools     every mempool of the stack, in device construction order
 */
public record RunRow(String trace, String input, String strategy, String pressure, String knobs, String outcome,
                     String error, long completed, long submitted, long q2cP50Ns, long q2cP99Ns, long endTimeNs,
                     String chain, List<Pool> pools) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Outcome of a run that could not be run (bad trace, bad arguments, internal error). */
    public static final String FAILED = "FAILED";
    /** Outcome of a run stopped by the wall-clock limit of the batch. */
    public static final String TIMEOUT = "TIMEOUT";

    public RunRow {
        pools = List.copyOf(pools);
    }

    /**
     * A mempool's pressure over the run.
     *
     * @param pool     the pool's name ({@code dm-0 io_pool}, ...)
     * @param size     its reserve ({@code min_nr})
     * @param lowWater the fewest reserve elements left at any time (0: the reserve ran dry)
     * @param sleeps   how often an allocation slept on it
     */
    public record Pool(String pool, int size, int lowWater, long sleeps) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The row of a run that did not produce a result. */
    public static RunRow failed(RunSpec s, String outcome, String why) {
        return new RunRow(s.trace(), s.input(), s.strategy(), s.pressure(), "", outcome, why, 0, 0, 0, 0, 0, "",
                List.of());
    }

    /** Whether the run failed to produce a result (FAILED or TIMEOUT). */
    public boolean failed() {
        return FAILED.equals(outcome) || TIMEOUT.equals(outcome);
    }
}
