package dev.dmreplay.ingest.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Bulk decoders of the Parquet encodings the event store uses (the counterparts of {@link DeltaBinaryPacked},
 * {@link RleHybrid} and PLAIN), straight from a page's bytes into arrays. parquet-mr's readers hand values out one
 * call at a time through several layers, which made reading a store slower than reading the binary trace; these
 * loops are short enough to be compiled early in a run.
 *
 * <p>Buffers must have {@link #PAD} readable bytes after the data (bit unpacking reads whole words). A decoder
 * that would read past the data, or is asked for a value count the data cannot hold, throws
 * {@link ParquetDecodingException} (a damaged page), never returns invented values.
 */
final class PageDecoding {
    /** Bytes a buffer must have after its data. */
    static final int PAD = 16;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private PageDecoding() {
    }

    /** A read position in a page buffer whose data ends at {@code end}. */
    static final class Cursor {
        final byte[] buf;
        int pos;
        final int end;

        Cursor(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        void need(long n) {
            if (n < 0 || pos + n > end) {
                throw new ParquetDecodingException("page data ends at byte " + (end - pos) + " of " + n + " needed");
            }
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xff;
        }

        int intLE() {
            need(4);
            int v = (int) INT_LE.get(buf, pos);
            pos += 4;
            return v;
        }

        long longLE() {
            need(8);
            long v = (long) LONG_LE.get(buf, pos);
            pos += 8;
            return v;
        }

        long uleb() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new ParquetDecodingException("varint longer than 64 bits");
        }

        long zigZag() {
            long v = uleb();
            return (v >>> 1) ^ -(v & 1);
        }

        /** A count that must fit in an array: from 0 to {@code max}. */
        int count(long v, long max, String what) {
            if (v < 0 || v > max) {
                throw new ParquetDecodingException(what + " " + v + " out of range 0.." + max);
            }
            return (int) v;
        }
    }

    /** Unpacks {@code n} values of {@code width} bits (0 to 64, least significant bit first) from {@code c}. */
    static void unpack(Cursor c, int n, int width, long[] out, int off) {
        long bytes = ((long) n * width + 7) >>> 3;
        c.need(bytes);
        byte[] b = c.buf;
        if (width == 0) {
            java.util.Arrays.fill(out, off, off + n, 0);
        } else {
            long mask = width == 64 ? -1L : (1L << width) - 1;
            long bit = (long) c.pos << 3;
            for (int i = 0; i < n; i++, bit += width) {
                int at = (int) (bit >>> 3);
                int shift = (int) (bit & 7);
                long v = (long) LONG_LE.get(b, at) >>> shift;
                if (shift + width > 64) {
                    v |= (long) (b[at + 8] & 0xff) << (64 - shift);
                }
                out[off + i] = v & mask;
            }
        }
        c.pos += (int) bytes;
    }

    /** As {@link #unpack(Cursor, int, int, long[], int)} for widths up to 32, into ints. */
    static void unpack(Cursor c, int n, int width, int[] out, int off) {
        long bytes = ((long) n * width + 7) >>> 3;
        c.need(bytes);
        byte[] b = c.buf;
        if (width == 0) {
            java.util.Arrays.fill(out, off, off + n, 0);
        } else {
            long mask = (1L << width) - 1;
            long bit = (long) c.pos << 3;
            for (int i = 0; i < n; i++, bit += width) {
                int at = (int) (bit >>> 3);
                out[off + i] = (int) (((long) LONG_LE.get(b, at) >>> (bit & 7)) & mask);
            }
        }
        c.pos += (int) bytes;
    }

    /** RLE/bit-packing hybrid: {@code n} values of {@code width} bits (0 to 32) into {@code out[0, n)}. */
    static void rleHybrid(Cursor c, int width, int[] out, int n) {
        if (width < 0 || width > 32) {
            throw new ParquetDecodingException("RLE bit width " + width);
        }
        int k = 0;
        int valueBytes = (width + 7) >>> 3;
        while (k < n) {
            long header = c.uleb();
            if ((header & 1) == 0) {
                long run = header >>> 1;
                c.need(valueBytes);
                int v = 0;
                for (int i = 0; i < valueBytes; i++) {
                    v |= (c.buf[c.pos + i] & 0xff) << (8 * i);
                }
                c.pos += valueBytes;
                int m = (int) Math.min(run, n - k);
                java.util.Arrays.fill(out, k, k + m, v);
                k += m;
            } else {
                long values = (header >>> 1) * 8;
                int m = (int) Math.min(values, n - k);
                int start = c.pos;
                unpack(c, m, width, out, k);
                // the rest of the run (padding of the last group) is skipped
                c.pos = start;
                c.need(values * width / 8);
                c.pos += (int) (values * width / 8);
                k += m;
            }
        }
    }

    /** DELTA_BINARY_PACKED int64: all the values of the header's count into {@code out}; returns the count. */
    static int deltaLongs(Cursor c, long[] out, int max) {
        Delta d = new Delta(c, max);
        if (d.total == 0) {
            return 0;
        }
        long prev = d.first;
        out[0] = prev;
        int k = 1;
        long[] rel = d.rel;
        while (k < d.total) {
            long min = c.zigZag();
            d.widths();
            for (int m = 0; m < d.miniblocks && k < d.total; m++) {
                unpack(c, d.perMini, d.width[m], rel, 0);
                int take = Math.min(d.perMini, d.total - k);
                for (int i = 0; i < take; i++) {
                    prev += min + rel[i];
                    out[k++] = prev;
                }
            }
        }
        return d.total;
    }

    /** DELTA_BINARY_PACKED int32 (arithmetic modulo 2^32): all the values into {@code out}; returns the count. */
    static int deltaInts(Cursor c, int[] out, int max) {
        Delta d = new Delta(c, max);
        if (d.total == 0) {
            return 0;
        }
        int prev = (int) d.first;
        out[0] = prev;
        int k = 1;
        long[] rel = d.rel;
        while (k < d.total) {
            int min = (int) c.zigZag();
            d.widths();
            for (int m = 0; m < d.miniblocks && k < d.total; m++) {
                unpack(c, d.perMini, d.width[m], rel, 0);
                int take = Math.min(d.perMini, d.total - k);
                for (int i = 0; i < take; i++) {
                    prev += min + (int) rel[i];
                    out[k++] = prev;
                }
            }
        }
        return d.total;
    }

    /** The header of a DELTA_BINARY_PACKED run and its per-block scratch. */
    private static final class Delta {
        final Cursor c;
        final int miniblocks;
        final int perMini;
        final int total;
        final long first;
        final int[] width;
        final long[] rel;

        Delta(Cursor c, int max) {
            this.c = c;
            int block = c.count(c.uleb(), 1 << 16, "delta block size");
            this.miniblocks = c.count(c.uleb(), block, "delta miniblocks");
            if (block == 0 || miniblocks == 0 || block % miniblocks != 0 || (block / miniblocks) % 8 != 0) {
                throw new ParquetDecodingException("delta block of " + block + " values in " + miniblocks
                        + " miniblocks");
            }
            this.perMini = block / miniblocks;
            this.total = c.count(c.uleb(), max, "delta value count");
            this.first = c.zigZag();
            this.width = new int[miniblocks];
            this.rel = new long[perMini];
        }

        void widths() {
            for (int m = 0; m < miniblocks; m++) {
                width[m] = c.u8();
                if (width[m] > 64) {
                    throw new ParquetDecodingException("delta bit width " + width[m]);
                }
            }
        }
    }
}
