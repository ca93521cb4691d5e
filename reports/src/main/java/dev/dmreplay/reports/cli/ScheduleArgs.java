package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.replay.explore.FlipSchedule;

/** The checks of the schedule-exploration options that {@code replay} and {@code scenario} share. */
final class ScheduleArgs {
    /** Largest preemption bound accepted: the systematic search grows with the bound's power. */
    static final int MAX_BOUND = 16;

    private ScheduleArgs() {
    }

    /** {@code --schedules} at least 1, {@code --explore} in 0..{@link #MAX_BOUND}; null means not given. */
    static void checkCounts(Integer schedules, Integer explore) {
        if (schedules != null && schedules < 1) {
            throw OptionException.of("--schedules", "expected a number >= 1, not " + schedules);
        }
        if (explore != null && (explore < 0 || explore > MAX_BOUND)) {
            throw OptionException.of("--explore", "expected a preemption bound in 0.." + MAX_BOUND + ", not " + explore);
        }
    }

    /** {@code --threads} when given (at least 1), else the processors available to the JVM. */
    static int threads(Integer threads) {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1) {
            throw OptionException.of("--threads", "expected a number >= 1, not " + threads);
        }
        return threads;
    }

    /** The schedule {@code --schedule} names (as {@code --explore} prints a witness), or null when not given. */
    static FlipSchedule parseFlips(String flips) {
        if (flips == null) {
            return null;
        }
        FlipSchedule fs;
        try {
            fs = FlipSchedule.parse(flips);
        } catch (NumberFormatException e) {
            fs = null;
        }
        if (fs == null) {
            throw OptionException.of("--schedule", "expected rtc:I,J,... or rr:I,J,... (as --explore prints), not '"
                    + flips + "'");
        }
        return fs;
    }
}
