package dev.dmreplay.ingest.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array written front to back in Parquet's byte orders: little-endian fixed-width integers and
 * ULEB128 varints. One per encoder thread, reset and reused page after page, so encoding a page allocates nothing
 * once the buffer has reached its working size.
 */
final class ByteSink {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    /** The backing array; bytes {@code [0, size())} are the content. */
    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(int n) {
        if (size + n > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + n);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a Parquet page over 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void writeIntLE(int v) {
        ensure(4);
        INT_LE.set(buf, size, v);
        size += 4;
    }

    void writeLongLE(long v) {
        ensure(8);
        LONG_LE.set(buf, size, v);
        size += 8;
    }

    /** The low {@code n} bytes of {@code v}, least significant first (n from 0 to 8). */
    void writeLowBytes(long v, int n) {
        ensure(8);
        if (n == 8) {
            LONG_LE.set(buf, size, v);
        } else {
            for (int i = 0; i < n; i++) {
                buf[size + i] = (byte) (v >>> (8 * i));
            }
        }
        size += n;
    }

    /** Unsigned LEB128, as Parquet writes its run headers and block headers. */
    void writeUleb(long v) {
        ensure(10);
        while ((v & ~0x7fL) != 0) {
            buf[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Zig-zag then ULEB128 (signed values of the delta encodings). */
    void writeZigZag(long v) {
        writeUleb((v << 1) ^ (v >> 63));
    }
}
