package dev.dmreplay.ingest.bundle;

/** The trace formats {@link TraceOpener} recognises by content. */
public enum TraceFormat {
    /** blktrace's per-CPU files {@code <name>.blktrace.<cpu>} (a set per traced device). */
    BLKTRACE("blktrace per-CPU binary"),
    /** One merged binary file of {@code blk_io_trace} records, as {@code blkparse -d} writes it. */
    BLKPARSE_DUMP("blkparse -d binary dump"),
    /** blkparse's default text output. */
    BLKPARSE_TEXT("blkparse text"),
    /** MSR Cambridge, Alibaba, Tencent CBS or CloudPhysics vSCSI CSV trace. */
    CSV("CSV trace"),
    /** blkreplay {@code .load} file. */
    BLKREPLAY("blkreplay load"),
    /** DiskSim or MQSim ASCII trace. */
    DISKSIM("DiskSim/MQSim ASCII trace"),
    /** fio iolog, version 2 or 3. */
    FIO_IOLOG("fio iolog"),
    /** The text output of bcc's or libbpf-tools' biosnoop. */
    BIOSNOOP("biosnoop output"),
    /** Block tracepoint events as trace_pipe, trace-cmd report or perf script print them. */
    FTRACE("block tracepoint text"),
    /** A Parquet event store written by {@code dmreplay ingest -o x.parquet}. */
    PARQUET("dmreplay Parquet event store");

    private final String description;

    TraceFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name users give on the command line ({@code blkparse-text}, {@code fio-iolog}). */
    public String optionName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The format with that option name, or null. */
    public static TraceFormat byOptionName(String name) {
        for (TraceFormat f : values()) {
            if (f.optionName().equals(name.strip().toLowerCase(java.util.Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    /** Every option name, comma separated, for messages. */
    public static String optionNames() {
        StringBuilder sb = new StringBuilder();
        for (TraceFormat f : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(f.optionName());
        }
        return sb.toString();
    }
}
