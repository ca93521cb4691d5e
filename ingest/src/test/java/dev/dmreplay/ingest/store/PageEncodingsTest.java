package dev.dmreplay.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;

/**
 * The store's own page encoders against parquet-mr's decoders of the same encodings: whatever the values (wrapping
 * deltas, 64-bit widths, partial blocks and groups), the reader gets back exactly what was encoded.
 */
class PageEncodingsTest {

    private static ByteBufferInputStream in(ByteSink s) {
        return ByteBufferInputStream.wrap(ByteBuffer.wrap(s.toByteArray()));
    }

    private static long[] decodeLongs(ByteSink s, int n) throws IOException {
        DeltaBinaryPackingValuesReader r = new DeltaBinaryPackingValuesReader();
        r.initFromPage(n, in(s));
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.readLong();
        }
        return out;
    }

    private static int[] decodeInts(ByteSink s, int n) throws IOException {
        DeltaBinaryPackingValuesReader r = new DeltaBinaryPackingValuesReader();
        r.initFromPage(n, in(s));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.readInteger();
        }
        return out;
    }

    static long[][] longCases() {
        Random rnd = new Random(11);
        long[] rising = new long[1000];
        for (int i = 1; i < rising.length; i++) {
            rising[i] = rising[i - 1] + rnd.nextInt(5000);
        }
        long[] random = rnd.longs(777).toArray();
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Long.MIN_VALUE, 1, Long.MAX_VALUE, Long.MIN_VALUE};
        long[] constant = new long[300];
        Arrays.fill(constant, 42);
        return new long[][] {{}, {7}, {Long.MIN_VALUE}, {1, 2}, rising, random, extremes, constant,
            Arrays.copyOf(rising, 129), Arrays.copyOf(rising, 128), Arrays.copyOf(rising, 33)};
    }

    @Test
    void deltaBinaryPackedLongsReadBackExactly() throws IOException {
        DeltaBinaryPacked enc = new DeltaBinaryPacked();
        for (long[] v : longCases()) {
            ByteSink s = new ByteSink(16);
            enc.encode(v, 0, v.length, s);
            if (v.length > 0) {
                assertThat(decodeLongs(s, v.length)).as("%d values", v.length).containsExactly(v);
            }
        }
    }

    @Test
    void deltaBinaryPackedIntsWrapInThirtyTwoBits() throws IOException {
        DeltaBinaryPacked enc = new DeltaBinaryPacked();
        Random rnd = new Random(5);
        int[][] cases = {{Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 1}, rnd.ints(500).toArray(),
            rnd.ints(300, 0, 3).toArray(), {-1, -1, -1}, {5}};
        for (int[] v : cases) {
            ByteSink s = new ByteSink(16);
            enc.encode(v, 0, v.length, s);
            assertThat(decodeInts(s, v.length)).containsExactly(v);
            // a sub-range encodes only its values
            if (v.length > 3) {
                ByteSink t = new ByteSink(16);
                enc.encode(v, 1, v.length - 1, t);
                assertThat(decodeInts(t, v.length - 2)).containsExactly(Arrays.copyOfRange(v, 1, v.length - 1));
            }
        }
    }

    @Test
    void monotoneTimesCostAFewBitsEach() {
        long[] v = new long[1 << 15];
        for (int i = 1; i < v.length; i++) {
            v[i] = v[i - 1] + 1000 + (i % 7);
        }
        ByteSink s = new ByteSink(16);
        new DeltaBinaryPacked().encode(v, 0, v.length, s);
        assertThat(s.size()).isLessThan(v.length / 2); // 3 bits of spread a value, plus block headers
    }

    @Test
    void rleHybridReadsBackAtEveryWidth() throws IOException {
        Random rnd = new Random(3);
        for (int width = 0; width <= 32; width++) {
            long bound = 1L << width;
            int[] v = new int[1000];
            int i = 0;
            while (i < v.length) {
                // runs of all lengths (0..20) mixed with single values, so group padding before a run is exercised
                int x = (int) (rnd.nextLong() & (bound - 1));
                int len = Math.min(v.length - i, rnd.nextInt(3) == 0 ? rnd.nextInt(21) + 1 : 1);
                Arrays.fill(v, i, i + len, x);
                i += len;
            }
            for (int[] range : new int[][] {{0, v.length}, {3, 998}, {0, 7}, {0, 0}}) {
                ByteSink s = new ByteSink(16);
                RleHybrid.encode(v, range[0], range[1], width, s);
                RunLengthBitPackingHybridDecoder d = new RunLengthBitPackingHybridDecoder(width,
                        new ByteArrayInputStream(s.toByteArray()));
                for (int k = range[0]; k < range[1]; k++) {
                    assertThat(d.readInt()).as("width %d, value %d", width, k).isEqualTo(v[k]);
                }
            }
        }
    }

    @Test
    void longRepeatsBecomeRuns() {
        int[] v = new int[100_000];
        Arrays.fill(v, 50_000, 100_000, 3);
        ByteSink s = new ByteSink(16);
        RleHybrid.encode(v, 0, v.length, 2, s);
        assertThat(s.size()).isLessThan(10);
    }

    @Test
    void intDictionaryNumbersValuesInOrderOfFirstAppearance() {
        IntDictionary d = new IntDictionary();
        Random rnd = new Random(1);
        int[] values = rnd.ints(5000).toArray();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < values.length; i++) {
                assertThat(d.id(values[i])).isEqualTo(i);
                assertThat(d.id(values[i])).isEqualTo(i);
            }
            assertThat(d.size()).isEqualTo(values.length);
            assertThat(d.value(1234)).isEqualTo(values[1234]);
            d.clear();
        }
    }
}
