package dev.dmreplay.ingest.io;

import java.util.List;

/** Bad records skipped in lenient mode: how many, and the first few problems (file and position included). */
public record SkipReport(long count, List<String> first) {
    public static final SkipReport NONE = new SkipReport(0, List.of());

    /** How many problems are kept verbatim. */
    public static final int KEEP = 5;

    public SkipReport {
        first = List.copyOf(first);
    }
}
