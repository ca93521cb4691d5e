package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr for long reads, only when the session is interactive ({@code System.console()} exists:
 * Java 17 cannot ask whether stderr alone is a terminal), so never in tests or when output is piped. The bar appears after the first second's worth of events, so short runs print nothing.
 */
final class TraceProgressSupport implements EventSource {
    private static final int STEP = 1 << 16;

    private final EventSource in;
    private final String task;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private ProgressBar bar;
    private long count;

    private TraceProgressSupport(EventSource in, String task, boolean enabled) {
        this.in = in;
        this.task = task;
        this.enabled = enabled;
    }

    /**
     * Wraps {@code in}; progress only when the session is interactive. Close the result to end the bar; that
     * does not close {@code in}.
     */
    static EventSource wrap(EventSource in, String task) {
        return new TraceProgressSupport(in, task, System.console() != null);
    }

    @Override
    public BlockEvent next() throws IOException {
        BlockEvent e = in.next();
        if (e != null && enabled && (++count & (STEP - 1)) == 0) {
            if (bar == null && System.nanoTime() - started > 1_000_000_000L) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setUnit(" k events", 1000)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            }
            if (bar != null) {
                bar.stepTo(count);
            }
        }
        return e;
    }

    @Override
    public SkipReport skipped() {
        return in.skipped();
    }

    /** Ends the bar; the wrapped source stays open (its owner closes it). */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Prints what a lenient read skipped: count and the first few problems. */
    static void reportSkips(SkipReport r, PrintWriter err) {
        if (r.count() == 0) {
            return;
        }
        err.println("dmreplay: skipped " + r.count() + " bad record" + (r.count() == 1 ? "" : "s")
                + (r.bytes() > 0 ? " (" + r.bytes() + " bytes)" : "")
                + (r.first().isEmpty() ? "" : "; first " + r.first().size() + ":"));
        for (String s : r.first()) {
            err.println("  " + s);
        }
        err.flush();
    }
}
