package dev.dmreplay.ingest.blkparse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A byte buffer with the few {@code printf} conversions blkparse's event lines use ({@code %Nd}, {@code %-Nd},
 * {@code %Nu}, {@code %09lu}, {@code %llu}, {@code %02x}), written without {@code String.format} or per-call
 * allocation. Flushes to the underlying stream when full.
 */
final class BlkparseLineFormat {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private static final byte[] ONES = new byte[100];
    private static final byte[] TENS = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            ONES[i] = (byte) ('0' + i % 10);
            TENS[i] = (byte) ('0' + i / 10);
        }
    }

    private final OutputStream out;
    private byte[] buf;
    private int len;
    private final byte[] digits = new byte[24];

    BlkparseLineFormat(OutputStream out, int size) {
        this.out = out;
        this.buf = new byte[size];
    }

    /** Makes room for {@code n} more bytes, flushing or growing the buffer. */
    void reserve(int n) throws IOException {
        if (len + n > buf.length) {
            flushBuffer();
            if (n > buf.length) {
                buf = new byte[Math.max(n, buf.length * 2)];
            }
        }
    }

    void flushBuffer() throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
    }

    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    void put(byte b) {
        buf[len++] = b;
    }

    void put(byte[] b) {
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    void put(byte[] b, int from, int n) {
        System.arraycopy(b, from, buf, len, n);
        len += n;
    }

    /** ASCII text (callers reserve room). */
    void put(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void spaces(int n) {
        for (int i = 0; i < n; i++) {
            buf[len++] = ' ';
        }
    }

    /** Digits of a non-negative long into {@link #digits}, right-aligned, two at a time; returns the start. */
    private int digitsOf(long v) {
        int i = digits.length;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            digits[--i] = ONES[r];
            digits[--i] = TENS[r];
            v = q;
        }
        int w = (int) v;
        while (w >= 100) {
            int q = w / 100;
            int r = w - q * 100;
            digits[--i] = ONES[r];
            digits[--i] = TENS[r];
            w = q;
        }
        if (w >= 10) {
            digits[--i] = ONES[w];
            digits[--i] = TENS[w];
        } else {
            digits[--i] = (byte) ('0' + w);
        }
        return i;
    }

    /** {@code %Nd} of a signed value (right-aligned, minimum width). */
    void signed(long v, int width) {
        boolean neg = v < 0;
        int start = neg ? digitsOf(v == Long.MIN_VALUE ? 0 : -v) : digitsOf(v);
        if (v == Long.MIN_VALUE) {
            put("-9223372036854775808");
            return;
        }
        int n = digits.length - start + (neg ? 1 : 0);
        spaces(width - n);
        if (neg) {
            buf[len++] = '-';
        }
        put(digits, start, digits.length - start);
    }

    /** {@code %-Nd} of a signed value (left-aligned). */
    void signedLeft(long v, int width) {
        int before = len;
        signed(v, 0);
        spaces(width - (len - before));
    }

    /** {@code %Nllu}: the value read as unsigned 64-bit. */
    void unsigned(long v, int width) {
        if (v >= 0) {
            signed(v, width);
            return;
        }
        String s = Long.toUnsignedString(v);
        spaces(width - s.length());
        put(s);
    }

    /** {@code %Nu} of a 32-bit unsigned value held in an int. */
    void u32(int v, int width) {
        signed(v & 0xffffffffL, width);
    }

    /** {@code %0Nlu}: zero-padded. */
    void zeroPadded(long v, int width) {
        int start = digitsOf(v);
        for (int n = digits.length - start; n < width; n++) {
            buf[len++] = '0';
        }
        put(digits, start, digits.length - start);
    }

    /** Right-aligned ASCII string, {@code %Ns}. */
    void right(String s, int width) {
        spaces(width - s.length());
        put(s);
    }

    /**
     * blkparse's {@code dump_pdu()}: bytes as {@code %02x} separated by spaces; at a zero byte after which the
     * rest is all zero, {@code " .."} is written and the dump stops.
     */
    void pduHex(byte[] pdu) {
        int lastNonZero = pdu.length - 1;
        while (lastNonZero >= 0 && pdu[lastNonZero] == 0) {
            lastNonZero--;
        }
        for (int i = 0; i < pdu.length; i++) {
            if (i > 0) {
                buf[len++] = ' ';
            }
            int b = pdu[i] & 0xff;
            buf[len++] = HEX[b >>> 4];
            buf[len++] = HEX[b & 15];
            if (b == 0 && i > lastNonZero) {
                put(" ..");
                break;
            }
        }
    }
}
