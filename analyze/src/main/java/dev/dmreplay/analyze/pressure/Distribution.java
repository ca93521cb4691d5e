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

    /**
     * The distribution function through 103 points: the smallest value, every whole percent from 1 to 99, 99.5 %,
     * 99.9 % and the largest value (percentiles from the histogram, clamped to the exact minimum and maximum);
     * empty without values.
     */
    public Cdf cdf() {
        java.util.List<Double> fractions = new java.util.ArrayList<>();
        java.util.List<Long> values = new java.util.ArrayList<>();
        if (count == 0) {
            return new Cdf(fractions, values);
        }
        fractions.add(0.0);
        values.add(min);
        for (int p = 1; p <= 99; p++) {
            fractions.add(p / 100.0);
            values.add(Math.max(min, pct(p)));
        }
        fractions.add(0.995);
        values.add(Math.max(min, pct(99.5)));
        fractions.add(0.999);
        values.add(Math.max(min, pct(99.9)));
        fractions.add(1.0);
        values.add(max);
        return new Cdf(fractions, values);
    }

    /** Points of a distribution function: {@code values.get(i)} is the value at fraction {@code fractions.get(i)}. */
    public record Cdf(java.util.List<Double> fractions, java.util.List<Long> values) {
        public Cdf {
            fractions = java.util.List.copyOf(fractions);
            values = java.util.List.copyOf(values);
            if (fractions.size() != values.size()) {
                throw new IllegalArgumentException("fractions and values differ in length");
            }
        }
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
