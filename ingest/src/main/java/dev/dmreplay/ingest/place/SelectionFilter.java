package dev.dmreplay.ingest.place;

/**
 * A {@link TraceSelection} applied to a trace's application requests in trace order: remembers the trace's first
 * event (the window counts from it) and numbers the requests in the window (the sampling's index), so a replay and
 * a preview of it ({@code info --map}) decide alike.
 */
public final class SelectionFilter {
    /** What the selection decided about one request. */
    public enum Verdict { KEEP, OUTSIDE_WINDOW, NOT_SAMPLED }

    private final TraceSelection selection;
    private long traceStart = Long.MIN_VALUE;
    private long inWindow;

    public SelectionFilter(TraceSelection selection) {
        this.selection = selection;
    }

    /** Called with the time of every event of the trace before {@link #admit}: the first one starts the clock. */
    public void saw(long time) {
        if (traceStart == Long.MIN_VALUE) {
            traceStart = time;
        }
    }

    /** Whether the clock has started. */
    public boolean started() {
        return traceStart != Long.MIN_VALUE;
    }

    /** Where submission times count from: the window's start after the trace's first event. */
    public long origin() {
        return traceStart + selection.window().fromNs();
    }

    /** The verdict on a request at {@code time} from process {@code pid}. */
    public Verdict admit(long time, int pid) {
        if (!selection.inWindow(time - traceStart)) {
            return Verdict.OUTSIDE_WINDOW;
        }
        return selection.sampled(inWindow++, pid) ? Verdict.KEEP : Verdict.NOT_SAMPLED;
    }
}
