package dev.dmreplay.ingest.dm;

/** Decimal parsing without exceptions on the hot path; dmsetup output holds only unsigned decimals. */
final class Numbers {
    private Numbers() {
    }

    /** Unsigned decimal in {@code s[from,to)}, or -1 when not a number or above {@code Long.MAX_VALUE}. */
    static long parseUnsigned(CharSequence s, int from, int to) {
        if (from >= to || to - from > 19) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v < 0 ? -1 : v;
    }

    static long parseUnsigned(CharSequence s) {
        return parseUnsigned(s, 0, s.length());
    }

    static Integer parseIntOrNull(CharSequence s, int from, int to) {
        long v = parseUnsigned(s, from, to);
        return v < 0 || v > Integer.MAX_VALUE ? null : (int) v;
    }
}
