package dev.dmreplay.analyze.run;

import java.util.Arrays;

/**
 * Top-level completions counted per time bucket, for "completions over time" charts. Memory is bounded: the buckets
 * start 1 us wide and double in width (pairs merged) whenever a completion falls beyond {@link #MAX_BUCKETS}
 * buckets, so a run of any length keeps at most that many counters and the same observations always give the same
 * buckets.
 */
public final class CompletionTimeline {
    /** Most buckets kept. */
    public static final int MAX_BUCKETS = 1024;
    private long bucketNs = 1_000;
    private long[] counts = new long[MAX_BUCKETS];
    private int used;

    /** Counts one completion at {@code timeNs} (simulation ns, not negative). */
    public void add(long timeNs) {
        long t = Math.max(0, timeNs);
        while (t / bucketNs >= MAX_BUCKETS) {
            widen();
        }
        int i = (int) (t / bucketNs);
        counts[i]++;
        used = Math.max(used, i + 1);
    }

    private void widen() {
        long[] merged = new long[MAX_BUCKETS];
        for (int i = 0; i < used; i++) {
            merged[i / 2] += counts[i];
        }
        counts = merged;
        used = (used + 1) / 2;
        bucketNs *= 2;
    }

    /** The counts so far. */
    public Report report() {
        return new Report(bucketNs, Arrays.copyOf(counts, used));
    }

    /**
     * Completions per bucket: bucket {@code i} covers {@code [i * bucketNs, (i + 1) * bucketNs)}; the array ends
     * with the last bucket that saw a completion.
     */
    public record Report(long bucketNs, long[] counts) {
        public Report {
            counts = counts.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        /** Every completion counted. */
        public long total() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Report r && r.bucketNs == bucketNs && Arrays.equals(r.counts, counts);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(bucketNs) * 31 + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return "CompletionTimeline.Report[bucketNs=" + bucketNs + ", buckets=" + counts.length + "]";
        }
    }
}
