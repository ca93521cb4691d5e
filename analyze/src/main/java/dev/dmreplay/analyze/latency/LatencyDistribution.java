package dev.dmreplay.analyze.latency;

import org.HdrHistogram.Histogram;

/**
 * The distribution of one interval: exact count, sum, min and max, and an HdrHistogram (3 significant digits) for
 * percentiles.
 */
public final class LatencyDistribution {
    private final Histogram histogram = new Histogram(3);
    private long n;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max;

    void record(long ns) {
        long v = Math.max(1, ns);
        histogram.recordValue(v);
        n++;
        sum += v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }

    public long count() {
        return n;
    }

    public long min() {
        return n == 0 ? 0 : min;
    }

    public long max() {
        return max;
    }

    public double mean() {
        return n == 0 ? 0 : (double) sum / n;
    }

    /** The value at the given percentile (0-100], in ns, within the histogram's 0.1% precision; exact max at 100. */
    public long percentile(double p) {
        if (n == 0) {
            return 0;
        }
        if (p >= 100.0) {
            return max;
        }
        return Math.min(max, histogram.getValueAtPercentile(p));
    }
}
