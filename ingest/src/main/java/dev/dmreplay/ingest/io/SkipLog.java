package dev.dmreplay.ingest.io;

import java.util.ArrayList;
import java.util.List;

/**
 * What a lenient reader skipped: every bad record counted, the first {@link SkipReport#KEEP} problems kept verbatim
 * (file and position included), and the {@link SkipReport} built from them.
 */
public final class SkipLog {
    private long count;
    private final List<String> first = new ArrayList<>();

    /** One skipped record and why ({@code file:line: problem}). */
    public void add(String problem) {
        count++;
        if (first.size() < SkipReport.KEEP) {
            first.add(problem);
        }
    }

    public long count() {
        return count;
    }

    public SkipReport report() {
        return count == 0 ? SkipReport.NONE : new SkipReport(count, first);
    }
}
