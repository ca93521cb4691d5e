package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.bundle.FormatDetector;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;

/**
 * Progress of reading a trace ({@code info}, {@code ingest}) on stderr, when {@link ProgressBars#enabled} allows
 * it. The total is known: the size in bytes of the input files; progress is the bytes this process has read since
 * the read began ({@code rchar} of {@code /proc/self/io}, which counts every reader alike: blktrace, text, CSV,
 * compressed input and Parquet through Hadoop's streams, without threading a counter through each of them). Where
 * that is not available, the bar counts events without a total. The bar appears after the first second, so short
 * reads print nothing.
 */
final class TraceProgressSupport implements EventSource {
    private static final int STEP = 1 << 14;
    private static final Path PROC_IO = Path.of("/proc/self/io");

    private final EventSource in;
    private final String task;
    private final boolean enabled;
    private final long totalBytes;
    private final long startRead;
    private final long started = System.nanoTime();
    private ProgressBar bar;
    private long count;

    private TraceProgressSupport(EventSource in, String task, boolean enabled, long totalBytes) {
        this.in = in;
        this.task = task;
        this.enabled = enabled;
        this.startRead = enabled ? bytesRead() : -1;
        this.totalBytes = startRead < 0 ? -1 : totalBytes;
    }

    /**
     * Wraps {@code in}, read from {@code trace}; progress only when {@code spec}'s command may draw one. Close the
     * result to end the bar; that does not close {@code in}.
     */
    static EventSource wrap(EventSource in, String task, Path trace, picocli.CommandLine.Model.CommandSpec spec) {
        boolean on = ProgressBars.enabled(spec);
        return new TraceProgressSupport(in, task, on, on ? inputBytes(trace) : -1);
    }

    /**
     * The bytes of the trace files behind {@code trace}: the file itself, the per-CPU files of a blktrace set
     * prefix, or of a directory its per-CPU files (else all its regular files); -1 when unknown.
     */
    static long inputBytes(Path trace) {
        try {
            if (Files.isRegularFile(trace)) {
                return Files.size(trace);
            }
            Path dir = Files.isDirectory(trace) ? trace : trace.toAbsolutePath().getParent();
            String prefix = Files.isDirectory(trace) ? null : trace.getFileName() + ".blktrace.";
            long perCpu = 0;
            long all = 0;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path f : ds) {
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    String n = f.getFileName().toString();
                    if (prefix != null && !n.startsWith(prefix)) {
                        continue;
                    }
                    long size = Files.size(f);
                    all += size;
                    if (FormatDetector.isPerCpuName(n)) {
                        perCpu += size;
                    }
                }
            }
            return perCpu > 0 ? perCpu : all > 0 ? all : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code rchar} of this process, or -1 where there is no {@code /proc/self/io}. */
    static long bytesRead() {
        try {
            for (String line : Files.readAllLines(PROC_IO)) {
                if (line.startsWith("rchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public BlockEvent next() throws IOException {
        BlockEvent e = in.next();
        if (e != null && enabled && (++count & (STEP - 1)) == 0) {
            if (bar == null && System.nanoTime() - started > 1_000_000_000L) {
                bar = totalBytes > 0 ? ProgressBars.create(task, totalBytes >> 10, " KiB", 1)
                        : ProgressBars.create(task, -1, " k events", 1000);
            }
            if (bar != null) {
                bar.stepTo(totalBytes > 0 ? Math.min(totalBytes, bytesRead() - startRead) >> 10 : count);
            }
        }
        return e;
    }

    @Override
    public SkipReport skipped() {
        return in.skipped();
    }

    /** Ends the bar (at its total: the read is over); the wrapped source stays open (its owner closes it). */
    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(totalBytes > 0 ? totalBytes >> 10 : count);
            bar.close();
            bar = null;
        }
    }

    /** Prints what a lenient read skipped: count and the first few problems. */
    static void reportSkips(SkipReport r, PrintWriter err) {
        if (r.isEmpty()) {
            return;
        }
        err.println("dmreplay: " + r.summary() + (r.first().isEmpty() ? "" : "; first " + r.first().size() + ":"));
        for (String s : r.first()) {
            err.println("  " + s);
        }
        err.flush();
    }
}
