package dev.dmreplay.ingest.store;

/**
 * Parquet's DELTA_BINARY_PACKED encoding (Parquet format "Encodings", as parquet-mr 1.18's
 * {@code DeltaBinaryPackingValuesWriterForLong} lays it out): a header (block size 128, 4 miniblocks, value count,
 * first value), then per block of 128 deltas the smallest delta and, for each miniblock of 32, the deltas minus
 * that minimum bit-packed at the miniblock's width. Monotone columns (time, sequence) cost a few bits a value.
 *
 * <p>int32 columns take their deltas in 32-bit arithmetic (wrapping), so a miniblock is never wider than 32 bits,
 * as the format requires; readers add them back modulo 2^32. One instance per encoder thread (scratch buffer).
 */
final class DeltaBinaryPacked {
    static final int BLOCK = 128;
    static final int MINIBLOCKS = 4;
    static final int MINIBLOCK = BLOCK / MINIBLOCKS;

    private final long[] rel = new long[BLOCK];
    private final int[] widths = new int[MINIBLOCKS];

    /** Encodes {@code v[from, to)}. */
    void encode(long[] v, int from, int to, ByteSink out) {
        int n = to - from;
        long prev = n > 0 ? v[from] : 0;
        header(n, prev, out);
        for (int i = from + 1; i < to; ) {
            int m = Math.min(BLOCK, to - i);
            long min = Long.MAX_VALUE;
            for (int k = 0; k < m; k++) {
                long x = v[i + k];
                long d = x - prev;
                prev = x;
                rel[k] = d;
                if (d < min) {
                    min = d;
                }
            }
            for (int k = 0; k < m; k++) {
                rel[k] -= min;
            }
            block(m, min, out);
            i += m;
        }
    }

    /** Encodes {@code v[from, to)} of an int32 column. */
    void encode(int[] v, int from, int to, ByteSink out) {
        int n = to - from;
        int prev = n > 0 ? v[from] : 0;
        header(n, prev, out);
        for (int i = from + 1; i < to; ) {
            int m = Math.min(BLOCK, to - i);
            int min = Integer.MAX_VALUE;
            int p = prev;
            for (int k = 0; k < m; k++) {
                int x = v[i + k];
                int delta = x - p;
                p = x;
                if (delta < min) {
                    min = delta;
                }
            }
            for (int k = 0; k < m; k++) {
                int x = v[i + k];
                rel[k] = (x - prev - min) & 0xffffffffL;
                prev = x;
            }
            block(m, min, out);
            i += m;
        }
    }

    private static void header(int count, long first, ByteSink out) {
        out.writeUleb(BLOCK);
        out.writeUleb(MINIBLOCKS);
        out.writeUleb(count);
        out.writeZigZag(first);
    }

    /** One block of {@code m} deltas already reduced by {@code min} in {@link #rel}. */
    private void block(int m, long min, ByteSink out) {
        out.writeZigZag(min);
        int minis = (m + MINIBLOCK - 1) / MINIBLOCK;
        // a partial last miniblock is padded with zeros (the reader stops at the value count)
        for (int k = m, end = minis * MINIBLOCK; k < end; k++) {
            rel[k] = 0;
        }
        for (int b = 0; b < MINIBLOCKS; b++) {
            long or = 0;
            if (b >= minis) {
                widths[b] = 0;
                continue;
            }
            for (int k = b * MINIBLOCK, end = k + MINIBLOCK; k < end; k++) {
                or |= rel[k];
            }
            widths[b] = BitPacker.width(or);
        }
        for (int b = 0; b < MINIBLOCKS; b++) {
            out.write(widths[b]);
        }
        for (int b = 0; b < minis; b++) {
            BitPacker.pack(rel, b * MINIBLOCK, MINIBLOCK, widths[b], out);
        }
    }
}
