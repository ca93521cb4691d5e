package dev.dmreplay.ingest.place;

import dev.dmreplay.ingest.io.OptionException;
import java.util.Locale;

/**
 * The {@code --sample F[:io|:submitter]} option: keep a fraction of a trace's application I/O, deterministically
 * from the seed. By I/O, each request is kept or not on its own (the load thins out evenly, every submitter
 * stays); by submitter, whole processes are kept or dropped (each kept process keeps its exact pattern, so
 * per-task effects such as {@code current->bio_list} depth stay as recorded).
 *
 * @param fraction share kept, in (0, 1]
 * @param unit     what is sampled
 */
public record Sampling(double fraction, Unit unit) {
    /** What one coin toss decides about. */
    public enum Unit { IO, SUBMITTER }

    public static final Sampling ALL = new Sampling(1.0, Unit.IO);

    public Sampling {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("sample fraction " + fraction + " outside (0, 1]");
        }
    }

    public boolean isAll() {
        return fraction >= 1.0;
    }

    /**
     * Whether the {@code n}-th application request (0-based, trace order) of process {@code pid} is kept under
     * {@code seed}. The same inputs always give the same answer.
     */
    public boolean keeps(long seed, long n, int pid) {
        if (isAll()) {
            return true;
        }
        long key = unit == Unit.IO ? n : pid;
        long h = mix(seed ^ mix(key + 0x9E3779B97F4A7C15L));
        return (h >>> 11) < (long) (fraction * (1L << 53));
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static Sampling parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Unit unit = Unit.IO;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            String u = t.substring(colon + 1).trim();
            unit = switch (u) {
                case "io" -> Unit.IO;
                case "submitter", "pid", "process" -> Unit.SUBMITTER;
                default -> throw OptionException.of("--sample", "'" + text + "': unit '" + u
                        + "', expected io or submitter");
            };
            t = t.substring(0, colon).trim();
        }
        double f;
        try {
            f = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw OptionException.of("--sample", "'" + text + "': expected a fraction such as 0.1 or 10%");
        }
        if (!(f > 0 && f <= 1)) {
            throw OptionException.of("--sample", "'" + text + "': the fraction must be in (0, 1]");
        }
        return new Sampling(f, unit);
    }

    @Override
    public String toString() {
        return isAll() ? "all" : fraction + " by " + unit.name().toLowerCase(Locale.ROOT);
    }
}
