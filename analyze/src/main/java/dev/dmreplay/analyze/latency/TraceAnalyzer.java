package dev.dmreplay.analyze.latency;

import dev.dmreplay.analyze.btt.BttEngine;
import dev.dmreplay.analyze.btt.SampleSink;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;

/**
 * Runs one pass over a trace: btt-compatible request assembly ({@link BttEngine}), percentiles and latency over
 * time ({@link IntervalStats}), request-level D2C and queue depth ({@link RequestTracker}) and record counts for
 * availability.
 *
 * <p>With {@code rebase} (raw per-CPU traces), times are made relative to the first merged record, as
 * {@code blkparse -d} does for btt: PROCESS and TIMESTAMP notes keep their times (btt never looks at them). A
 * {@code blkparse -d} dump is already relative and is read as it is, like btt reads it.
 */
public final class TraceAnalyzer {
    /** Default bound of queued bios / open requests kept while matching. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1 << 20;

    private final IntervalStats stats = new IntervalStats();
    private final BttEngine btt;
    private final RequestTracker requests;
    private final ActionCounts counts = new ActionCounts();
    private final boolean bttOnly;
    private long events;
    private long lastTime;

    public TraceAnalyzer() {
        this(DEFAULT_MAX_IN_FLIGHT, true, false);
    }

    /**
     * @param maxInFlight bound of queued bios / open requests kept while matching
     * @param rebase      make times relative to the first merged record (raw per-CPU files)
     * @param bttOnly     only what btt reports (no percentiles, per-second, queue depth): faster
     */
    public TraceAnalyzer(int maxInFlight, boolean rebase, boolean bttOnly) {
        this(maxInFlight, rebase, bttOnly, SampleSink.NONE);
    }

    /**
     * As {@link #TraceAnalyzer(int, boolean, boolean)}, and the engine's interval samples also go to {@code also}
     * (e.g. a {@link TraceTimeline}), so one engine serves both.
     */
    public TraceAnalyzer(int maxInFlight, boolean rebase, boolean bttOnly, SampleSink also) {
        this.bttOnly = bttOnly;
        this.btt = new BttEngine(bttOnly ? also : also == SampleSink.NONE ? stats : stats.andThen(also), maxInFlight);
        btt.rebase(rebase);
        btt.attributeLayers(!bttOnly);
        this.requests = new RequestTracker(stats, maxInFlight);
    }

    /** Reads the whole source and returns the result ({@code rebase}: see the class comment). */
    public static Analysis analyze(EventSource source, int maxInFlight, boolean rebase) throws IOException {
        return analyze(source, maxInFlight, rebase, false);
    }

    /** As {@link #analyze(EventSource, int, boolean)}, optionally limited to btt's statistics. */
    public static Analysis analyze(EventSource source, int maxInFlight, boolean rebase, boolean bttOnly)
            throws IOException {
        TraceAnalyzer a = new TraceAnalyzer(maxInFlight, rebase, bttOnly);
        BlockEvent e;
        while ((e = source.next()) != null) {
            a.accept(e);
        }
        return a.finish();
    }

    public void accept(BlockEvent e) {
        btt.accept(e);
        if (!e.isNotify()) {
            events++;
            long t = e.time() - btt.base();
            if (t > lastTime) {
                lastTime = t;
            }
        }
        if (!bttOnly) {
            requests.base(btt.base());
            requests.accept(e);
            counts.accept(e);
        }
    }

    public Analysis finish() {
        requests.finish();
        return new Analysis(btt, stats, requests.depths(), counts, events, lastTime,
                btt.evicted() + requests.dropped());
    }

}
