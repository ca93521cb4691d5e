package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.replay.pressure.Durations;

/**
 * The one reader of duration options for every command ({@code --stall-threshold}, {@code --bucket},
 * {@code --time-limit}, {@code --wall-limit}, {@code --leaf-latency}): text with a unit (ns, us, ms, s, m; a bare
 * number other than 0 is refused with the unit it probably meant), as nanoseconds, or bad input naming the option.
 * The defaults every command shares are here too, so that no two commands disagree.
 */
final class DurationOption {
    /** Waits longer than this are stalls, in the model and in the analyses. */
    static final String STALL_THRESHOLD = dev.dmreplay.replay.sim.Kernel.DEFAULT_STALL_THRESHOLD;
    /** Pool occupancy buckets: fitted to each run's length. */
    static final String BUCKET = "auto";

    private DurationOption() {
    }

    /** {@code text} of {@code option} in ns (0 or more). */
    static long parse(String option, String text) {
        return OptionValues.parse(option, () -> Durations.parse(text));
    }

    /** {@code text} of {@code option} in ns, more than 0. */
    static long positive(String option, String text) {
        long ns = parse(option, text);
        if (ns <= 0) {
            throw OptionException.of(option, "must be positive");
        }
        return ns;
    }

    /** A {@code --bucket} width in ns, or 0 for {@value #BUCKET} (fitted to each run). */
    static long bucket(String option, String text) {
        return BUCKET.equalsIgnoreCase(text.trim()) ? 0 : positive(option, text);
    }
}
