package dev.dmreplay.analyze.pressure;

import org.HdrHistogram.Histogram;

/**
 * Count, total, maximum and percentiles of non-negative values (durations in ns, or counts). Count, total and maximum are exact;
 * percentiles come from an HdrHistogram with three significant digits, clamped to the exact maximum.
 */
public final class Distribution {
    private final Histogram histogram = new Histogram(3);
    private long count;
    private long total;
    private long max;
    private long min = Long.MAX_VALUE;

    public void record(long value) {
        long v = Math.max(0, value);
        histogram.recordValue(v);
        count++;
        total += v;
        max = Math.max(max, v);
        min = Math.min(min, v);
    }

    public long count() {
        return count;
    }

    public Summary summary() {
        if (count == 0) {
            return Summary.EMPTY;
        }
        return new Summary(count, total, min, max, total / count, pct(50), pct(90), pct(99), pct(99.9));
    }

    private long pct(double p) {
        return Math.min(max, histogram.getValueAtPercentile(p));
    }

    /** A finished distribution; {@code mean} is the truncated integer mean. */
    public record Summary(long count, long total, long min, long max, long mean, long p50, long p90, long p99,
                         long p999) {
        public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
