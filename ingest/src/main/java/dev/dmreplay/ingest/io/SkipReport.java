package dev.dmreplay.ingest.io;

import java.util.List;

/**
 * What a lenient read skipped.
 *
 * <p>Text readers skip whole lines: {@code count} is the lines skipped and the other figures are 0. Binary
 * blktrace readers skip damaged <em>stretches</em> of a file, from a bad record to the next valid one (or to the end
 * of the file): {@code stretches} counts them and {@code bytes} is their total length. Inside a stretch the
 * record boundaries are lost, so the records are counted by what the kernel wrote around them:
 * {@code __blk_add_trace()} numbers each CPU's event records 1, 2, 3, ..., so the records lost in a stretch are
 * the gap between the sequence numbers of the events before and after it ({@code count}). Notes
 * ({@code trace_note()}) carry no sequence number, and a stretch with no event after it (the rest of a file) has
 * nothing to count from; what the counted events leave unexplained is bounded at one record per 48 bytes, the size
 * of the smallest record ({@code atMost}).
 *
 * @param count    records skipped, counted exactly (lines; or event records by their sequence numbers)
 * @param bytes    bytes skipped (binary traces)
 * @param stretches damaged stretches of binary files (0 for text readers)
 * @param atMost   further records that may have been lost but could not be counted: notes, damaged file tails
 *                 (an upper bound)
 * @param first    the first few problems, with file and position
 */
public record SkipReport(long count, long bytes, long stretches, long atMost, List<String> first) {
    public static final SkipReport NONE = new SkipReport(0, 0, 0, 0, List.of());

    /** A text reader's report: {@code count} lines skipped. */
    public SkipReport(long count, List<String> first) {
        this(count, 0, 0, 0, first);
    }

    /** How many problems are kept verbatim. */
    public static final int KEEP = 5;

    public SkipReport {
        first = List.copyOf(first);
    }

    /** True when nothing was skipped. */
    public boolean isEmpty() {
        return count == 0 && stretches == 0;
    }

    /** One line for the user: what was skipped, in the units the reader knows. */
    public String summary() {
        if (stretches == 0) {
            return "skipped " + count + " bad record" + (count == 1 ? "" : "s");
        }
        StringBuilder s = new StringBuilder("skipped ").append(count).append(" event record")
                .append(count == 1 ? "" : "s");
        if (atMost > 0) {
            s.append(" and up to ").append(atMost).append(" uncounted record").append(atMost == 1 ? "" : "s");
        }
        return s.append(" (").append(bytes).append(" bytes) in ").append(stretches).append(" damaged stretch")
                .append(stretches == 1 ? "" : "es").toString();
    }
}
