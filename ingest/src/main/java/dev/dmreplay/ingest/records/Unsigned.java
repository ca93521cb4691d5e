package dev.dmreplay.ingest.records;

/** Decimal unsigned integers of trace fields, parsed without exceptions (callers word their own errors). */
public final class Unsigned {
    /** Returned for text that is not an unsigned integer. */
    public static final long NOT_A_NUMBER = -1;
    /** Returned for digits beyond {@link Long#MAX_VALUE}. */
    public static final long TOO_LARGE = -2;

    private Unsigned() {
    }

    /** The value of {@code t} (already stripped), or {@link #NOT_A_NUMBER} / {@link #TOO_LARGE}. */
    public static long parse(String t) {
        if (t.isEmpty() || t.length() > 19) {
            return NOT_A_NUMBER;
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_A_NUMBER;
            }
            v = v * 10 + (c - '0');
        }
        return v < 0 ? TOO_LARGE : v;
    }
}
