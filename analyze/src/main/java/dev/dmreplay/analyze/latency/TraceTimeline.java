package dev.dmreplay.analyze.latency;

import dev.dmreplay.analyze.btt.BttEngine;
import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.btt.SampleSink;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency and queue depth of a trace over time, at a resolution that suits the trace's length ({@link Buckets}),
 * for the report's charts ({@code dmreplay analyze} itself works per second, too coarse for short traces).
 * Latency is what the {@link BttEngine} of the same pass samples ({@link #sample}: Q2C and D2C of all devices, by
 * completion time); queue depth is the number of requests dispatched (D) and not yet completed (C) per device,
 * a C completing every open request inside its range. Times are made relative to the first record that is not a
 * PROCESS or TIMESTAMP note, as {@link BttEngine#rebase} does.
 */
public final class TraceTimeline implements SampleSink {
    /** Open requests kept per device; beyond this the oldest is forgotten (bounded memory on broken traces). */
    static final int MAX_OPEN = 1 << 16;

    private final Buckets q2c = new Buckets();
    private final Buckets d2c = new Buckets();
    private final Map<Integer, Buckets> depth = new TreeMap<>();
    private final Map<Integer, TreeMap<Long, Long>> open = new TreeMap<>();
    private final Map<Integer, Buckets> reads = new TreeMap<>();
    private final Map<Integer, Buckets> writes = new TreeMap<>();
    private final Map<Integer, OffsetMap> offsets = new TreeMap<>();
    private final boolean samplesRebased;
    private long genesis = Long.MIN_VALUE;

    /**
     * @param samplesRebased whether the engine feeding {@link #sample} makes its times relative to the first record
     *                       itself ({@link BttEngine#rebase}); otherwise its times are the records' own
     */
    public TraceTimeline(boolean samplesRebased) {
        this.samplesRebased = samplesRebased;
    }

    /** Takes one record of the trace, in input order, before the engine sees it. */
    public void accept(BlockEvent e) {
        Action k = e.kind();
        if (k == Action.NOTIFY_PROCESS || k == Action.NOTIFY_TIMESTAMP) {
            return;
        }
        if (genesis == Long.MIN_VALUE) {
            genesis = e.time();
        }
        if (e.isNotify() || e.isPc() || e.bytes() == 0) {
            return;
        }
        long t = e.time() - genesis;
        int act = e.action() & 0xffff;
        if (act == 7) { // __BLK_TA_ISSUE
            TreeMap<Long, Long> o = open.computeIfAbsent(e.device(), d -> new TreeMap<>());
            o.put(e.sector(), e.sector() + e.sectors());
            if (o.size() > MAX_OPEN) {
                o.pollFirstEntry();
            }
            depthAt(e.device(), t, o.size());
            offsets.computeIfAbsent(e.device(), d -> new OffsetMap()).add(t, e.sector());
        } else if (act == 6) { // __BLK_TA_REQUEUE
            TreeMap<Long, Long> o = open.get(e.device());
            if (o != null && o.remove(e.sector()) != null) {
                depthAt(e.device(), t, o.size());
            }
        } else if (act == 8) { // __BLK_TA_COMPLETE
            (e.isWrite() ? writes : reads).computeIfAbsent(e.device(), d -> new Buckets()).add(t, e.bytes());
            TreeMap<Long, Long> o = open.get(e.device());
            if (o != null) {
                var inside = o.subMap(e.sector(), true, e.sector() + Math.max(0, e.sectors() - 1), true);
                if (!inside.isEmpty()) {
                    inside.clear();
                    depthAt(e.device(), t, o.size());
                }
            }
        }
    }

    @Override
    public void sample(Interval interval, int device, long endTime, long value) {
        long t = samplesRebased ? endTime : endTime - genesis;
        if (interval == Interval.Q2C) {
            q2c.add(t, value);
        } else if (interval == Interval.D2C) {
            d2c.add(t, value);
        }
    }

    private void depthAt(int device, long time, int d) {
        depth.computeIfAbsent(device, k -> new Buckets()).level(time, d);
    }

    /** Q2C of all devices by completion time. */
    public Buckets q2c() {
        return q2c;
    }

    /** D2C of all devices by completion time. */
    public Buckets d2c() {
        return d2c;
    }

    /**
     * Reads completed per bucket, per device in device order: {@link Buckets#count} is I/Os,
     * {@link Buckets#sum} bytes (iowatcher's throughput and IOPS graphs, from C events as blkparse counts them).
     */
    public Map<Integer, Buckets> reads() {
        return reads;
    }

    /** Writes completed per bucket, per device, as {@link #reads()}. */
    public Map<Integer, Buckets> writes() {
        return writes;
    }

    /** Requests issued to the driver (D), as an offset map per device in device order. */
    public Map<Integer, OffsetMap> offsets() {
        return offsets;
    }

    /** Highest queue depth per bucket, per device (kernel dev_t) in device order. */
    public Map<Integer, Buckets> depth() {
        return depth;
    }
}
