package dev.dmreplay.analyze.latency;

import dev.dmreplay.analyze.btt.BttEngine;
import dev.dmreplay.analyze.btt.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The result of {@link TraceAnalyzer}: btt's statistics, percentiles, latency and queue depth over time, and which
 * intervals the trace could not give.
 *
 * @param btt        the btt-compatible engine after the last record
 * @param stats      distributions and per-second latency of every interval
 * @param queueDepth requests at the driver over time, per device (kernel dev_t)
 * @param counts     records per action
 * @param events     non-notify records read
 * @param duration   time of the last record, ns since the first
 * @param evicted    queued bios / open requests dropped by the in-flight bound (0: results are exact)
 */
public record Analysis(BttEngine btt, IntervalStats stats, SortedMap<Integer, QueueDepth> queueDepth,
                       ActionCounts counts, long events, long duration, long evicted) {

    /** The btt {@code .avg} report; {@code allData} is btt's {@code -A}. */
    public String bttReport(boolean allData) {
        return btt.report(allData);
    }

    /** Intervals without any sample, with the reason, in interval order. */
    public Map<Interval, String> unavailable() {
        Map<Interval, String> out = new LinkedHashMap<>();
        List<Interval> seen = new ArrayList<>();
        stats.distributions().keySet().forEach(k -> seen.add(k.interval()));
        for (Interval i : Interval.values()) {
            if (!seen.contains(i)) {
                out.put(i, Availability.reason(i, counts));
            }
        }
        return out;
    }
}
