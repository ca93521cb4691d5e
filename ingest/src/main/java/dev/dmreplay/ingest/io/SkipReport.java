package dev.dmreplay.ingest.io;

import java.util.List;

/**
 * Bad records skipped in lenient mode: how many, the bytes they took where the reader knows them (binary traces:
 * from a bad record to the next valid one; 0 for text readers, which skip whole lines), and the first few
 * problems (file and position included).
 */
public record SkipReport(long count, long bytes, List<String> first) {
    public static final SkipReport NONE = new SkipReport(0, 0, List.of());

    public SkipReport(long count, List<String> first) {
        this(count, 0, first);
    }

    /** How many problems are kept verbatim. */
    public static final int KEEP = 5;

    public SkipReport {
        first = List.copyOf(first);
    }
}
