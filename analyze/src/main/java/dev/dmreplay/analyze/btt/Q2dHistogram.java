package dev.dmreplay.analyze.btt;

/** btt's Q2D histogram ({@code q2d.c}): share of Q-to-D times in ten millisecond buckets. */
final class Q2dHistogram {
    static final String[] LABELS = {"<.005", "<.010", "<.025", "<.050", "<.075", "<.100", "<.250", "<.500", "< 1.0",
        ">=1.0"};
    final long[] buckets = new long[10];
    long n;

    void add(long q2dNs) {
        double q2d = CFormat.bitTime(q2dNs);
        long msec = (long) (q2d / 0.001);
        int idx;
        if (msec < 0 || msec >= 1000) {
            idx = 9;
        } else if (msec >= 500) {
            idx = 8;
        } else if (msec >= 250) {
            idx = 7;
        } else if (msec >= 100) {
            idx = 6;
        } else if (msec >= 75) {
            idx = 5;
        } else if (msec >= 50) {
            idx = 4;
        } else if (msec >= 25) {
            idx = 3;
        } else if (msec >= 10) {
            idx = 2;
        } else if (msec >= 5) {
            idx = 1;
        } else {
            idx = 0;
        }
        buckets[idx]++;
        n++;
    }

    void addAll(Q2dHistogram o) {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += o.buckets[i];
        }
        n += o.n;
    }
}
