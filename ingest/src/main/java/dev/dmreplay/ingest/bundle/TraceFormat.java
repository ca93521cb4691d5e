package dev.dmreplay.ingest.bundle;

/** The trace formats {@link TraceOpener} recognises by content. */
public enum TraceFormat {
    /** blktrace's per-CPU files {@code <name>.blktrace.<cpu>} (a set per traced device). */
    BLKTRACE("blktrace per-CPU binary"),
    /** One merged binary file of {@code blk_io_trace} records, as {@code blkparse -d} writes it. */
    BLKPARSE_DUMP("blkparse -d binary dump"),
    /** blkparse's default text output. */
    BLKPARSE_TEXT("blkparse text"),
    /** MSR Cambridge, Alibaba or Tencent CBS CSV trace. */
    CSV("CSV trace"),
    /** A Parquet event store written by {@code dmreplay ingest -o x.parquet}. */
    PARQUET("dmreplay Parquet event store");

    private final String description;

    TraceFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
