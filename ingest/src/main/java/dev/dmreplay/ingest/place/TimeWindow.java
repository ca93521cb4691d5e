package dev.dmreplay.ingest.place;

import dev.dmreplay.ingest.io.OptionException;
import java.util.function.ToLongFunction;

/**
 * The {@code --window FROM..TO} option: the part of a trace to replay, as durations from the trace's first event
 * ({@code 10m..20m}, {@code ..30s}, {@code 1h..}). Submission times are taken relative to {@code from}, so the
 * replay starts at the window.
 *
 * @param fromNs start, inclusive, in ns after the first event
 * @param toNs   end, exclusive, in ns after the first event ({@link Long#MAX_VALUE}: the end of the trace)
 */
public record TimeWindow(long fromNs, long toNs) {
    public static final TimeWindow ALL = new TimeWindow(0, Long.MAX_VALUE);

    public TimeWindow {
        if (fromNs < 0 || toNs <= fromNs) {
            throw new IllegalArgumentException("window " + fromNs + ".." + toNs + " is empty");
        }
    }

    public boolean isAll() {
        return fromNs == 0 && toNs == Long.MAX_VALUE;
    }

    /** Whether an event {@code sinceStart} ns after the trace's first event lies in the window. */
    public boolean contains(long sinceStart) {
        return sinceStart >= fromNs && sinceStart < toNs;
    }

    /** Parses {@code FROM..TO} with either side optional, durations read by {@code durations}. */
    public static TimeWindow parse(String text, ToLongFunction<String> durations) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw OptionException.of("--window", "'" + text + "': expected FROM..TO (e.g. 10m..20m, ..30s, 5s..)");
        }
        String a = text.substring(0, dots).trim();
        String b = text.substring(dots + 2).trim();
        long from;
        long to;
        try {
            from = a.isEmpty() ? 0 : durations.applyAsLong(a);
            to = b.isEmpty() ? Long.MAX_VALUE : durations.applyAsLong(b);
        } catch (IllegalArgumentException e) { // the duration parser's verdict on one side
            throw OptionException.of("--window", "'" + text + "': " + e.getMessage());
        }
        if (to <= from) {
            throw OptionException.of("--window", "'" + text + "': the end must come after the start");
        }
        return new TimeWindow(from, to);
    }

    @Override
    public String toString() {
        return (fromNs == 0 ? "" : fromNs + "ns") + ".." + (toNs == Long.MAX_VALUE ? "" : toNs + "ns");
    }
}
