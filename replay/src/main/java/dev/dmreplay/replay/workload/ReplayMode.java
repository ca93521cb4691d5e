package dev.dmreplay.replay.workload;

import java.util.Locale;

/**
 * How recorded times drive submission: TIMED (at the recorded time, or later if the task is still blocked),
 * AFAP (as fast as possible with a per-task queue depth), SCALE (recorded times multiplied by a factor).
 */
public record ReplayMode(Kind kind, double scale, int queueDepth) {
    public enum Kind { TIMED, AFAP, SCALE }

    public static ReplayMode timed() {
        return new ReplayMode(Kind.TIMED, 1.0, 0);
    }

    /** Parses {@code timed}, {@code afap}, {@code afap:QD}, {@code scale=X}. */
    public static ReplayMode parse(String s, int defaultQueueDepth) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("timed")) {
            return new ReplayMode(Kind.TIMED, 1.0, 0);
        }
        if (t.equals("afap")) {
            return new ReplayMode(Kind.AFAP, 1.0, defaultQueueDepth);
        }
        if (t.startsWith("afap:")) {
            int qd = Integer.parseInt(t.substring(5));
            if (qd < 1) {
                throw new IllegalArgumentException("queue depth must be >= 1 in '" + s + "'");
            }
            return new ReplayMode(Kind.AFAP, 1.0, qd);
        }
        if (t.startsWith("scale=")) {
            double x = Double.parseDouble(t.substring(6));
            if (!(x > 0)) {
                throw new IllegalArgumentException("scale must be > 0 in '" + s + "'");
            }
            return new ReplayMode(Kind.SCALE, x, 0);
        }
        throw new IllegalArgumentException("unknown mode '" + s + "' (expected timed, afap, afap:QD or scale=X)");
    }

    /** The submission time of a request recorded at {@code t} (relative to the trace start). */
    public long submitAt(long t, long now) {
        return switch (kind) {
            case TIMED -> t;
            case SCALE -> Math.round(t * scale);
            case AFAP -> now;
        };
    }
}
