package dev.dmreplay.analyze.btt;

/**
 * btt's {@code struct avg_info}: min, max, total (nanoseconds or blocks) and count of one statistic.
 * {@code avg_update()} in btt 2.09 {@code inlines.h}.
 */
public final class AvgInfo {
    long min;
    long max;
    long total;
    int n;

    void update(long t) {
        if (n++ == 0) {
            min = max = total = t;
        } else {
            if (Long.compareUnsigned(t, min) < 0) {
                min = t;
            } else if (Long.compareUnsigned(t, max) > 0) {
                max = t;
            }
            total += t;
        }
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public long total() {
        return total;
    }

    public int n() {
        return n;
    }

    /** The average in seconds as btt prints it ({@code BIT_TIME(total) / n}). */
    public double avgSeconds() {
        return CFormat.bitTime(total) / (double) n;
    }
}
