package dev.dmreplay.analyze.info;

import dev.dmreplay.analyze.latency.Analysis;
import dev.dmreplay.analyze.latency.TraceAnalyzer;
import dev.dmreplay.analyze.latency.TraceTimeline;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceFormat;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;

/**
 * Everything a report shows about a recorded trace, from one pass over its records: what it holds
 * ({@link TraceInfo}), the btt-compatible analysis, and latency and queue depth over time. One {@code BttEngine}
 * (the analysis's) feeds both the statistics and the timeline.
 *
 * @param info     what the trace holds
 * @param analysis btt-compatible latency, percentiles, per-second figures
 * @param timeline latency and queue depth over time, for charts
 */
public record TraceOverview(TraceInfo info, Analysis analysis, TraceTimeline timeline) {

    /** Reads every record of {@code t} once. */
    public static TraceOverview read(OpenedTrace t) throws IOException {
        // as 'dmreplay analyze': a blkparse -d dump keeps btt's times, everything else is rebased
        boolean rebase = t.format() != TraceFormat.BLKPARSE_DUMP;
        TraceInfoCollector info = new TraceInfoCollector();
        TraceTimeline timeline = new TraceTimeline(rebase);
        TraceAnalyzer analyzer = new TraceAnalyzer(TraceAnalyzer.DEFAULT_MAX_IN_FLIGHT, rebase, false, timeline);
        EventSource src = t.events();
        for (BlockEvent e; (e = src.next()) != null; ) {
            info.accept(e);
            timeline.accept(e);
            analyzer.accept(e);
        }
        return new TraceOverview(TraceInfoReader.of(t, info), analyzer.finish(), timeline);
    }
}
