package dev.dmreplay.ingest.store;

/**
 * Parquet's RLE/bit-packing hybrid (Parquet format "Encodings"), used for dictionary ids and definition levels:
 * a value repeated at least 8 times becomes one run (header {@code count << 1}, the value in
 * {@code ceil(width / 8)} bytes); everything between such runs is bit-packed in groups of 8 (header
 * {@code groups << 1 | 1}). A bit-packed run must hold whole groups, so before a repeat run the few values that
 * complete the last group are taken from the repeat itself; only the final group of the data is padded with zeros
 * (readers stop at the page's value count).
 */
final class RleHybrid {
    /** Shortest repeat written as a run of its own. */
    static final int MIN_REPEAT = 8;

    private RleHybrid() {
    }

    /** Encodes {@code v[from, to)}, each below {@code 2^width} (width 0 to 32), without a length prefix. */
    static void encode(int[] v, int from, int to, int width, ByteSink out) {
        int literalStart = from;
        int i = from;
        while (i < to) {
            int x = v[i];
            int j = i + 1;
            while (j < to && v[j] == x) {
                j++;
            }
            int run = j - i;
            if (run >= MIN_REPEAT) {
                int pending = i - literalStart;
                if (pending > 0) {
                    int pad = -pending & 7;
                    if (run - pad < MIN_REPEAT) {
                        i = j; // too short once the group is completed: stays in the bit-packed run
                        continue;
                    }
                    i += pad;
                    run -= pad;
                    literals(v, literalStart, i, width, out);
                }
                out.writeUleb((long) run << 1);
                out.writeLowBytes(x, (width + 7) >>> 3);
                i = j;
                literalStart = j;
            } else {
                i = j;
            }
        }
        if (to > literalStart) {
            literals(v, literalStart, to, width, out);
        }
    }

    private static void literals(int[] v, int from, int to, int width, ByteSink out) {
        int n = to - from;
        int groups = (n + 7) >>> 3;
        out.writeUleb((long) groups << 1 | 1);
        int start = out.size();
        BitPacker.pack(v, from, n, width, out);
        // zero bits for the padding values of the last group
        int end = start + groups * width;
        while (out.size() < end) {
            out.write(0);
        }
    }
}
