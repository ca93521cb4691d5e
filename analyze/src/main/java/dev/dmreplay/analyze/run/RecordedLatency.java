package dev.dmreplay.analyze.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.latency.Analysis;
import dev.dmreplay.analyze.latency.IntervalKey;
import dev.dmreplay.analyze.latency.LatencyDistribution;
import dev.dmreplay.analyze.latency.SplitCompletionPairing;
import dev.dmreplay.analyze.latency.TraceAnalyzer;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Q2C of the recorded trace a run replayed, to set the replay's latency against. The top-level bios of a dm stack
 * are queued on remapper devices, which btt reports apart as Q2Cdm: that is taken when the trace has it (all
 * remapper devices together, so a nested stack also counts its middle devices), else plain Q2C of all devices.
 * Only bios whose completion the trace holds count; a trace without completions gives {@code count == 0}. A split
 * dm bio counts too: its completion is paired as {@code analyze TRACE} pairs it ({@link
 * dev.dmreplay.analyze.latency.SplitCompletionPairing}), where btt's own pairing would leave it out.
 *
 * <p>The queued bios waiting for their completion are kept up to a bound ({@link TraceAnalyzer#DEFAULT_MAX_IN_FLIGHT}
 * in {@link #of(Path, boolean)}), so that a trace of any length is read in bounded memory; a bio dropped by it has
 * no Q2C. {@code evicted} counts them (0: the figures are exact), and the outputs say so when it is not 0 (the JSON
 * file leaves it out then, as before the bound was reported).
 *
 * @param interval "Q2Cdm" or "Q2C"
 * @param evicted  queued bios and open requests dropped by the in-flight bound while matching
 */
public record RecordedLatency(String trace, String interval, long count, long meanNs, long p50Ns, long p90Ns,
                              long p99Ns, long maxNs,
                              @JsonInclude(JsonInclude.Include.NON_DEFAULT) long evicted) {

    public static RecordedLatency of(Path trace, boolean lenient) throws IOException {
        return of(trace, lenient, TraceAnalyzer.DEFAULT_MAX_IN_FLIGHT);
    }

    /** As {@link #of(Path, boolean)}, keeping at most {@code maxInFlight} queued bios while matching. */
    static RecordedLatency of(Path trace, boolean lenient, int maxInFlight) throws IOException {
        Analysis a;
        try (BlktraceSource src = BlktraceSource.open(List.of(trace), lenient ? ReadOptions.LENIENT
                : ReadOptions.STRICT)) {
            // As 'analyze TRACE' does: a split dm bio's completion (its last fragment's range, v5.19+) pairs with
            // its Q, so split bios count in Q2Cdm and leave btt's queued-bio table instead of filling it.
            a = TraceAnalyzer.analyze(new SplitCompletionPairing(src), maxInFlight, true);
        }
        LatencyDistribution d = a.stats().distributions().get(new IntervalKey(Interval.Q2C_DM,
                IntervalKey.ALL_DEVICES));
        Interval used = Interval.Q2C_DM;
        if (d == null || d.count() == 0) {
            d = a.stats().distributions().get(new IntervalKey(Interval.Q2C, IntervalKey.ALL_DEVICES));
            used = Interval.Q2C;
        }
        String name = trace.getFileName() == null ? trace.toString() : trace.getFileName().toString();
        if (d == null || d.count() == 0) {
            return new RecordedLatency(name, used.label(), 0, 0, 0, 0, 0, 0, a.evicted());
        }
        return new RecordedLatency(name, used.label(), d.count(), Math.round(d.mean()), d.percentile(50),
                d.percentile(90), d.percentile(99), d.max(), a.evicted());
    }

    /** replay / recorded, or NaN when the trace has no completions or the recorded value is 0. */
    public static double ratio(long replay, long recorded) {
        return recorded <= 0 ? Double.NaN : (double) replay / recorded;
    }
}
