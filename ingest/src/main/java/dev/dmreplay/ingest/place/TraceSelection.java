package dev.dmreplay.ingest.place;

/**
 * Which application requests of a trace a replay submits: those in the time window, thinned by the sampling
 * ({@code --window}, {@code --sample}). Applied to the requests the replay would submit, after the stack's own
 * clones and split remainders were told apart, so a dropped request never leaves an orphan piece behind.
 *
 * @param window   the part of the trace kept
 * @param sampling the share of requests kept
 * @param seed     the replay's seed (sampling is deterministic in it)
 */
public record TraceSelection(TimeWindow window, Sampling sampling, long seed) {
    public static final TraceSelection ALL = new TraceSelection(TimeWindow.ALL, Sampling.ALL, 0);

    public boolean isAll() {
        return window.isAll() && sampling.isAll();
    }

    /** Whether {@code sinceStart} (ns after the trace's first event) lies in the window. */
    public boolean inWindow(long sinceStart) {
        return window.contains(sinceStart);
    }

    /** Whether the {@code n}-th request in the window (0-based), of process {@code pid}, is kept. */
    public boolean sampled(long n, int pid) {
        return sampling.keeps(seed, n, pid);
    }

    /** One line for summaries: "window 600s..1200s, sample 0.1 by io". */
    public String describe(java.util.function.LongFunction<String> durations) {
        StringBuilder sb = new StringBuilder();
        if (!window.isAll()) {
            sb.append("window ").append(window.fromNs() == 0 ? "" : durations.apply(window.fromNs())).append("..")
                    .append(window.toNs() == Long.MAX_VALUE ? "" : durations.apply(window.toNs()));
        }
        if (!sampling.isAll()) {
            sb.append(sb.length() == 0 ? "" : ", ").append("sample ").append(sampling);
        }
        return sb.length() == 0 ? "whole trace" : sb.toString();
    }
}
