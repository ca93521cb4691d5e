package dev.dmreplay.ingest.blkparse;

import java.nio.charset.StandardCharsets;

/**
 * A position in one line of blkparse text (bytes, no terminator). Hand-written scanning: no regular
 * expressions and no per-field allocation.
 */
final class BlkparseTextCursor {
    byte[] buf;
    int pos;
    int end;
    int start;

    void reset(byte[] b, int from, int to) {
        buf = b;
        pos = from;
        start = from;
        end = to;
    }

    boolean atEnd() {
        return pos >= end;
    }

    int peek() {
        return pos < end ? buf[pos] & 0xff : -1;
    }

    void skipSpaces() {
        while (pos < end && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
    }

    boolean isDigit() {
        return pos < end && buf[pos] >= '0' && buf[pos] <= '9';
    }

    /** An unsigned decimal of at most 19 digits. */
    long unsigned(String what) throws BlkparseTextException {
        int from = pos;
        long v = 0;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
            if (pos - from == 19) {
                throw new BlkparseTextException(what + " has too many digits");
            }
            v = v * 10 + (buf[pos] - '0');
            pos++;
        }
        if (pos == from) {
            throw new BlkparseTextException("expected " + what + " at column " + (from - start + 1) + ", got '"
                    + rest(from) + "'");
        }
        return v;
    }

    /**
     * An unsigned 64-bit number as blkparse prints {@code __u64} fields with {@code %llu} (sectors): up to 20
     * digits, values above {@link Long#MAX_VALUE} kept as their two's-complement bits (what the record holds).
     */
    long unsigned64(String what) throws BlkparseTextException {
        int from = pos;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
            if (pos - from == 20) {
                throw new BlkparseTextException(what + " has more than 20 digits (larger than 64 bits)");
            }
            pos++;
        }
        if (pos == from) {
            throw new BlkparseTextException("expected " + what + " at column " + (from - start + 1) + ", got '"
                    + rest(from) + "'");
        }
        try {
            return Long.parseUnsignedLong(new String(buf, from, pos - from, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new BlkparseTextException(what + " is larger than 64 bits");
        }
    }

    /** Digits after a decimal point as nanoseconds: 9 digits normally, fewer scaled up, more rejected. */
    long fraction(String what) throws BlkparseTextException {
        int from = pos;
        long v = unsigned(what);
        int digits = pos - from;
        if (digits > 9) {
            throw new BlkparseTextException(what + " has " + digits + " digits after the point, expected 9");
        }
        for (int i = digits; i < 9; i++) {
            v *= 10;
        }
        return v;
    }

    void expect(char c, String what) throws BlkparseTextException {
        if (pos >= end || buf[pos] != c) {
            throw new BlkparseTextException("expected " + what + " at column " + (pos - start + 1) + ", got '"
                    + rest(pos) + "'");
        }
        pos++;
    }

    boolean tryChar(char c) {
        if (pos < end && buf[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Whether the remaining text starts with {@code s}. */
    boolean startsWith(String s) {
        if (end - pos < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[pos + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Index of the last occurrence of {@code c} in [pos, end), or -1. */
    int lastIndexOf(char c) {
        for (int i = end - 1; i >= pos; i--) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    String rest(int from) {
        String s = new String(buf, from, Math.max(0, Math.min(end - from, 40)), StandardCharsets.ISO_8859_1);
        return end - from > 40 ? s + "..." : s;
    }

    String line() {
        return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
