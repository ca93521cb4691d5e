package dev.dmreplay.analyze.run;

import java.util.Locale;

/** Number formatting shared by the text reports: durations in readable units, fixed locale. */
public final class Fmt {
    private Fmt() {
    }

    /** {@code ns} as "850 ns", "12.5 us", "3.20 ms", "5.000 s". */
    public static String ns(long ns) {
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

    public static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
