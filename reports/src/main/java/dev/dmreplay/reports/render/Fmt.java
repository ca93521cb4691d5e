package dev.dmreplay.reports.render;

import java.util.Locale;

/** Number formatting of the HTML report (fixed locale). */
final class Fmt {
    private Fmt() {
    }

    /** Nanoseconds as milliseconds with three decimals. */
    static String ms(double ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1e6);
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Bytes in readable binary units. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024L * 1024) {
            return num(b / 1024.0, 1) + " KiB";
        }
        if (b < 1024L * 1024 * 1024) {
            return num(b / 1048576.0, 1) + " MiB";
        }
        return num(b / 1073741824.0, 2) + " GiB";
    }
}
