package dev.dmreplay.analyze.latency;

import java.util.Arrays;

/**
 * Count, sum and maximum of values in time buckets whose width adapts to the trace: it starts at 1 ms and doubles
 * (merging neighbours) whenever a time falls beyond {@link #MAX_BUCKETS}, so a 70 ms trace and a one-hour trace
 * both give a readable curve in bounded memory.
 */
public final class Buckets {
    public static final int MAX_BUCKETS = 1024;
    private long widthNs = 1_000_000L;
    private final long[] count = new long[MAX_BUCKETS];
    private final double[] sum = new double[MAX_BUCKETS];
    private final long[] max = new long[MAX_BUCKETS];
    private final long[] last = new long[MAX_BUCKETS];
    private int used;

    /** Adds {@code value} at {@code timeNs} (ns since the start of the trace, not negative). */
    public void add(long timeNs, long value) {
        int i = index(timeNs);
        count[i]++;
        sum[i] += value;
        max[i] = Math.max(max[i], value);
    }

    /**
     * Records that a level (such as queue depth) changed to {@code value}: the bucket keeps its highest and its
     * last level, and counts the changes. See {@link #levelMax}.
     */
    public void level(long timeNs, long value) {
        int i = index(timeNs);
        count[i]++;
        max[i] = Math.max(max[i], value);
        last[i] = value;
    }

    /**
     * Highest level per bucket for the buckets so far: a bucket without a change holds the level the previous
     * bucket ended with.
     */
    public long[] levelMax() {
        long[] out = new long[used];
        long held = 0;
        for (int i = 0; i < used; i++) {
            out[i] = count[i] == 0 ? held : Math.max(max[i], held);
            if (count[i] > 0) {
                held = last[i];
            }
        }
        return out;
    }

    private int index(long timeNs) {
        long t = Math.max(0, timeNs);
        while (t / widthNs >= MAX_BUCKETS) {
            widen();
        }
        int i = (int) (t / widthNs);
        used = Math.max(used, i + 1);
        return i;
    }

    private void widen() {
        for (int i = 0; i < MAX_BUCKETS / 2; i++) {
            count[i] = count[2 * i] + count[2 * i + 1];
            sum[i] = sum[2 * i] + sum[2 * i + 1];
            max[i] = Math.max(max[2 * i], max[2 * i + 1]);
            last[i] = count[2 * i + 1] > 0 ? last[2 * i + 1] : last[2 * i];
        }
        Arrays.fill(last, MAX_BUCKETS / 2, MAX_BUCKETS, 0);
        Arrays.fill(count, MAX_BUCKETS / 2, MAX_BUCKETS, 0);
        Arrays.fill(sum, MAX_BUCKETS / 2, MAX_BUCKETS, 0);
        Arrays.fill(max, MAX_BUCKETS / 2, MAX_BUCKETS, 0);
        used = (used + 1) / 2;
        widthNs *= 2;
    }

    public long widthNs() {
        return widthNs;
    }

    /** Buckets from the first to the last one touched. */
    public int size() {
        return used;
    }

    public long count(int i) {
        return count[i];
    }

    public double mean(int i) {
        return count[i] == 0 ? 0 : sum[i] / count[i];
    }

    /** Sum of the values added to bucket {@code i} (bytes, for a throughput bucket). */
    public double sum(int i) {
        return sum[i];
    }

    public long max(int i) {
        return max[i];
    }
}
