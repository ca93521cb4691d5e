package dev.dmreplay.replay.pressure;

/**
 * Parses and prints durations such as {@code 5s}, {@code 1.5ms}, {@code 200us}, {@code 10ns}, {@code 2m}, {@code 1h}, {@code 0}.
 * A number without a unit is refused (except {@code 0}, the same in every unit): a bare {@code 10} was once read as
 * 10 ns, which nobody who typed it meant.
 */
public final class Durations {
    private Durations() {
    }

    public static long parse(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        long mult;
        String num;
        if (t.endsWith("ns")) {
            mult = 1;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("us")) {
            mult = 1_000;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("ms")) {
            mult = 1_000_000;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            mult = 1_000_000_000;
            num = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            mult = 60_000_000_000L;
            num = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            mult = 3_600_000_000_000L;
            num = t.substring(0, t.length() - 1);
        } else {
            mult = 0;
            num = t;
        }
        try {
            double v = Double.parseDouble(num.trim());
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            if (mult == 0 && v != 0) {
                throw new IllegalArgumentException("duration '" + s + "' needs a unit (e.g. " + num.trim()
                        + "ms; one of ns, us, ms, s, m, h)");
            }
            return Math.round(v * mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + s + "' (expected e.g. 10m, 5s, 10ms, 200us, 100ns)");
        }
    }

    public static String format(long ns) {
        if (ns % 1_000_000_000 == 0) {
            return ns / 1_000_000_000 + "s";
        }
        if (ns % 1_000_000 == 0) {
            return ns / 1_000_000 + "ms";
        }
        if (ns % 1_000 == 0) {
            return ns / 1_000 + "us";
        }
        return ns + "ns";
    }
}
