package dev.dmreplay.analyze.btt;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * C {@code printf} conversions that Java's {@link String#format} gets subtly wrong: {@code %W.Pf} must round the
 * exact binary value of the double (glibc does; {@code Formatter} rounds a shortest decimal representation), and
 * NaN / infinity print as glibc prints them.
 */
public final class CFormat {
    private CFormat() {
    }

    /** {@code %<width>.<prec>f} (right aligned, width 0 = no padding). */
    public static String fixed(double v, int width, int prec) {
        String s;
        if (Double.isNaN(v)) {
            // 0.0/0.0 on x86-64 yields the "default NaN", which has its sign bit set: glibc prints "-nan".
            s = "-nan";
        } else if (Double.isInfinite(v)) {
            s = v > 0 ? "inf" : "-inf";
        } else {
            BigDecimal bd = new BigDecimal(v).setScale(prec, RoundingMode.HALF_EVEN);
            s = bd.toPlainString();
            if (bd.signum() == 0 && (v < 0 || (v == 0 && 1 / v < 0))) {
                s = "-" + s;
            }
        }
        return pad(s, width);
    }

    /** Right-aligns {@code s} in {@code width} columns ({@code %Ns}). */
    public static String pad(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        return " ".repeat(width - s.length()) + s;
    }

    /** Left-aligns {@code s} in {@code width} columns ({@code %-Ns}). */
    public static String padRight(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        return s + " ".repeat(width - s.length());
    }

    /** {@code BIT_TIME(t)}: whole seconds plus the nanosecond remainder, as btt computes it (t unsigned). */
    public static double bitTime(long ns) {
        long sec = Long.divideUnsigned(ns, 1_000_000_000L);
        long nsec = Long.remainderUnsigned(ns, 1_000_000_000L);
        return (double) sec + ((double) nsec / 1.0e9);
    }

    /** {@code %5d.%09lu} of a nanosecond time. */
    public static String secNsec(long ns) {
        long sec = Long.divideUnsigned(ns, 1_000_000_000L);
        long nsec = Long.remainderUnsigned(ns, 1_000_000_000L);
        return pad(Long.toString((int) sec), 5) + "." + String.format("%09d", nsec);
    }
}
