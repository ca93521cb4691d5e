package dev.dmreplay.ingest.store;

/**
 * Parquet's bit packing: values of a fixed bit width laid end to end, least significant bit first, in
 * little-endian bytes (the layout of the RLE/bit-packing hybrid's bit-packed runs and of DELTA_BINARY_PACKED's
 * miniblocks, Parquet format "Encodings"). Only the low {@code width} bits of each value are kept.
 */
final class BitPacker {
    private BitPacker() {
    }

    /** Packs {@code n} values of {@code width} bits (0 to 64) into {@code ceil(n * width / 8)} bytes. */
    static void pack(long[] v, int from, int n, int width, ByteSink out) {
        if (width == 0 || n == 0) {
            return;
        }
        long mask = width == 64 ? -1L : (1L << width) - 1;
        long acc = 0;
        int bits = 0;
        for (int i = from, end = from + n; i < end; i++) {
            long x = v[i] & mask;
            acc |= x << bits;
            bits += width;
            if (bits >= 64) {
                out.writeLongLE(acc);
                bits -= 64;
                // the high bits of x that did not fit (none when it ended exactly on the word)
                acc = bits == 0 ? 0 : x >>> (width - bits);
            }
        }
        out.writeLowBytes(acc, (bits + 7) >>> 3);
    }

    /** Packs {@code n} ints of {@code width} bits (0 to 32), as {@link #pack(long[], int, int, int, ByteSink)}. */
    static void pack(int[] v, int from, int n, int width, ByteSink out) {
        if (width == 0 || n == 0) {
            return;
        }
        long mask = (1L << width) - 1;
        long acc = 0;
        int bits = 0;
        for (int i = from, end = from + n; i < end; i++) {
            long x = v[i] & mask;
            acc |= x << bits;
            bits += width;
            if (bits >= 64) {
                out.writeLongLE(acc);
                bits -= 64;
                acc = bits == 0 ? 0 : x >>> (width - bits);
            }
        }
        out.writeLowBytes(acc, (bits + 7) >>> 3);
    }

    /** Bits needed for the unsigned value {@code v} (0 for 0). */
    static int width(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }
}
