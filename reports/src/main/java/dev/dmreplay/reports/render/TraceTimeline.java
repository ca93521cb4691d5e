package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.btt.BttEngine;
import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.btt.SampleSink;
import dev.dmreplay.ingest.model.BlockEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency and queue depth of a trace over time, at a resolution that suits the trace's length ({@link Buckets}),
 * for the report's charts ({@code dmreplay analyze} itself works per second, too coarse for short traces).
 * Latency comes from a btt engine of its own (Q2C and D2C of all devices, by completion time); queue depth is
 * the number of requests dispatched (D) and not yet completed (C) per device, a C completing every open request
 * inside its range. Events must already be rebased to the start of the trace.
 */
public final class TraceTimeline {
    /** Open requests kept per device; beyond this the oldest is forgotten (bounded memory on broken traces). */
    static final int MAX_OPEN = 1 << 16;

    private final Buckets q2c = new Buckets();
    private final Buckets d2c = new Buckets();
    private final Map<Integer, Buckets> depth = new TreeMap<>();
    private final Map<Integer, TreeMap<Long, Long>> open = new TreeMap<>();
    private final BttEngine btt;

    public TraceTimeline() {
        SampleSink sink = (Interval interval, int device, long endTime, long value) -> {
            if (interval == Interval.Q2C) {
                q2c.add(endTime, value);
            } else if (interval == Interval.D2C) {
                d2c.add(endTime, value);
            }
        };
        btt = new BttEngine(sink, 1 << 20);
    }

    public void accept(BlockEvent e) {
        btt.accept(e);
        if (e.isNotify() || e.isPc() || e.bytes() == 0) {
            return;
        }
        int act = e.action() & 0xffff;
        if (act == 7) { // __BLK_TA_ISSUE
            TreeMap<Long, Long> o = open.computeIfAbsent(e.device(), d -> new TreeMap<>());
            o.put(e.sector(), e.sector() + e.sectors());
            if (o.size() > MAX_OPEN) {
                o.pollFirstEntry();
            }
            depthAt(e, o.size());
        } else if (act == 6) { // __BLK_TA_REQUEUE
            TreeMap<Long, Long> o = open.get(e.device());
            if (o != null && o.remove(e.sector()) != null) {
                depthAt(e, o.size());
            }
        } else if (act == 8) { // __BLK_TA_COMPLETE
            TreeMap<Long, Long> o = open.get(e.device());
            if (o != null) {
                var inside = o.subMap(e.sector(), true, e.sector() + Math.max(0, e.sectors() - 1), true);
                if (!inside.isEmpty()) {
                    inside.clear();
                    depthAt(e, o.size());
                }
            }
        }
    }

    private void depthAt(BlockEvent e, int d) {
        depth.computeIfAbsent(e.device(), k -> new Buckets()).level(e.time(), d);
    }

    /** Q2C of all devices by completion time. */
    public Buckets q2c() {
        return q2c;
    }

    /** D2C of all devices by completion time. */
    public Buckets d2c() {
        return d2c;
    }

    /** Highest queue depth per bucket, per device (kernel dev_t) in device order. */
    public Map<Integer, Buckets> depth() {
        return depth;
    }
}
