package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.records.RecordException;
import dev.dmreplay.ingest.records.Unsigned;

/** Number parsing for line formats, with messages that name the field. */
final class Fields {
    private Fields() {
    }

    static long unsigned(String text, String what) throws RecordException {
        String t = text.strip();
        long v = Unsigned.parse(t);
        if (v == Unsigned.TOO_LARGE) {
            throw new RecordException(what + " '" + t + "' is too large");
        }
        if (v < 0) {
            throw new RecordException(what + " '" + t + "' is not an unsigned integer");
        }
        return v;
    }

    static boolean isUnsigned(String t) {
        if (t.isEmpty() || t.length() > 19) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isDecimal(String t) {
        int dot = t.indexOf('.');
        if (dot < 0) {
            return isUnsigned(t);
        }
        return (dot == 0 || isUnsigned(t.substring(0, dot)))
                && (dot == t.length() - 1 || isUnsigned(t.substring(dot + 1))) && t.length() > 1;
    }

    /**
     * A non-negative decimal number of {@code unitNs} nanoseconds ({@code 1.5} seconds with unitNs 1e9), exact
     * to the nanosecond without binary floating point (0.449518165 s stays 449518165 ns); digits below a
     * nanosecond are dropped.
     */
    static long decimalNs(String text, long unitNs, String what) throws RecordException {
        String t = text.strip();
        if (!isDecimal(t)) {
            throw new RecordException(what + " '" + t + "' is not a non-negative decimal number");
        }
        int dot = t.indexOf('.');
        String whole = dot < 0 ? t : t.substring(0, dot);
        String frac = dot < 0 ? "" : t.substring(dot + 1);
        long w;
        try {
            w = whole.isEmpty() ? 0 : Long.parseLong(whole);
        } catch (NumberFormatException e) {
            throw new RecordException(what + " '" + t + "' is too large");
        }
        if (w > Long.MAX_VALUE / unitNs) {
            throw new RecordException(what + " '" + t + "' overflows 64-bit nanoseconds");
        }
        long ns = w * unitNs;
        long scale = unitNs;
        for (int i = 0; i < frac.length() && scale >= 10; i++) {
            scale /= 10;
            ns += (frac.charAt(i) - '0') * scale;
        }
        return ns;
    }

    static long bytes(long bytes, String what) throws RecordException {
        if (bytes > 0xffffffffL) {
            throw new RecordException(what + " " + bytes + " bytes exceeds the 32-bit byte count of a trace record");
        }
        return bytes;
    }

    static long mul(long v, long factor, String what) throws RecordException {
        if (v > Long.MAX_VALUE / factor) {
            throw new RecordException(what + " " + v + " overflows");
        }
        return v * factor;
    }
}
