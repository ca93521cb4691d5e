package dev.dmreplay.analyze.batch;

import java.io.Serializable;
import java.util.Locale;

/**
 * One run of a batch: a trace (its short name, unique in the batch, and the path or URI it was given as) under one
 * strategy and one memory pressure. Serializable so the Spark job can ship it to a task.
 *
 * @param trace    the trace's name in the batch (a directory name in the output; unique within a batch)
 * @param input    the trace as given: a local path or a Hadoop URI
 * @param strategy the rescue strategy's name (BARE, RESC, ..., MODERN)
 * @param pressure the memory pressure as given ({@code none}, {@code hard@1s-5s}, ...)
 */
public record RunSpec(String trace, String input, String strategy, String pressure) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The run's directory below the batch output: {@code runs/TRACE/STRATEGY/PRESSURE}, file-name safe. */
    public String relativeDir() {
        return "runs/" + safe(trace) + "/" + safe(strategy) + "/" + safe(pressure);
    }

    /** {@code s} with every character outside {@code [A-Za-z0-9._-]} replaced by {@code _}. */
    public static String safe(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return t.isEmpty() || t.equals(".") || t.equals("..") ? "_" + t : t;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s %s", trace, strategy, pressure);
    }
}
