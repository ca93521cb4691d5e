package dev.dmreplay.analyze.latency;

import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.btt.SampleSink;
import dev.dmreplay.ingest.model.BlockEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Request-level view of dispatch and completion, independent of Q records: a D opens a request (keyed by start
 * sector on its device), an R takes it back, a C completes every open request lying inside its range (or the one
 * starting at its sector, for partial completions). Gives D2C per request from D and C records alone, and the
 * queue depth (requests at the driver) over time. Zero-byte and pass-through records are ignored, as in btt.
 */
final class RequestTracker {
    private static final class Dev {
        final TreeMap<Long, long[]> open = new TreeMap<>(); // start -> {end, dTime}
        final QueueDepth depth = new QueueDepth();
    }

    private final Map<Integer, Dev> devs = new HashMap<>();
    private final SampleSink sink;
    private final int maxOpen;
    private final List<Long> scratch = new ArrayList<>();
    private long dropped;
    private int lastDevice;
    private Dev lastDev;

    RequestTracker(SampleSink sink, int maxOpen) {
        this.sink = sink;
        this.maxOpen = maxOpen;
    }

    private long base;

    /** Times are shifted by {@code base} (the btt engine's rebasing). */
    void base(long base) {
        this.base = base;
    }

    private long t(BlockEvent e) {
        return e.time() - base;
    }

    void accept(BlockEvent e) {
        int a = e.action();
        if (e.isNotify() || e.isPc() || e.bytes() == 0) {
            return;
        }
        switch (a & 0xffff) {
            case 7 -> issue(e);
            case 6 -> requeue(e);
            case 8 -> complete(e);
            default -> {
            }
        }
    }

    private Dev dev(int device, boolean create) {
        if (lastDev != null && lastDevice == device) {
            return lastDev;
        }
        Dev d = create ? devs.computeIfAbsent(device, k -> new Dev()) : devs.get(device);
        if (d != null) {
            lastDevice = device;
            lastDev = d;
        }
        return d;
    }

    private void issue(BlockEvent e) {
        Dev d = dev(e.device(), true);
        long end = e.sector() + e.sectors();
        long[] prev = d.open.put(e.sector(), new long[] {end, t(e)});
        if (prev == null) {
            if (d.open.size() > maxOpen) {
                d.open.pollFirstEntry();
                dropped++;
            }
            d.depth.change(t(e), d.open.size());
        }
    }

    private void requeue(BlockEvent e) {
        Dev d = dev(e.device(), false);
        if (d != null && d.open.remove(e.sector()) != null) {
            d.depth.change(t(e), d.open.size());
        }
    }

    private void complete(BlockEvent e) {
        Dev d = dev(e.device(), false);
        if (d == null) {
            return;
        }
        long start = e.sector();
        long end = start + e.sectors();
        scratch.clear();
        NavigableMap<Long, long[]> inRange = d.open.subMap(start, true, end, false);
        for (Map.Entry<Long, long[]> en : inRange.entrySet()) {
            if (en.getValue()[0] <= end) {
                scratch.add(en.getKey());
            }
        }
        if (scratch.isEmpty() && d.open.containsKey(start)) {
            scratch.add(start);
        }
        if (scratch.isEmpty()) {
            return;
        }
        for (long s : scratch) {
            long[] rq = d.open.remove(s);
            long d2c = t(e) > rq[1] ? t(e) - rq[1] : 1;
            sink.sample(Interval.D2C_RQ, e.device(), t(e), d2c);
        }
        d.depth.change(t(e), d.open.size());
    }

    void finish() {
        devs.values().forEach(d -> d.depth.finish());
    }

    /** Queue depth per device (kernel dev_t), in device-number order. */
    SortedMap<Integer, QueueDepth> depths() {
        TreeMap<Integer, QueueDepth> m = new TreeMap<>((x, y) -> Integer.compareUnsigned(x, y));
        devs.forEach((k, v) -> m.put(k, v.depth));
        return Collections.unmodifiableSortedMap(m);
    }

    long dropped() {
        return dropped;
    }
}
