package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.TraceServiceModel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One streaming pass over a trace before a replay: which devices appear, how many top-level Q and remap events
 * there are, and each device's D2C (dispatch to completion) times by op and size for the trace-driven service
 * model, with the largest number of dispatched-but-uncompleted requests seen (its queue depth). Memory is bounded
 * by the requests in flight at any time.
 */
public final class TraceSurvey {
    /** Per-device findings, keyed by kernel dev_t in ascending order. */
    public final Map<Integer, DeviceSurvey> devices = new TreeMap<>();
    public long topQueues;
    public long topRemaps;
    public long firstTime = Long.MIN_VALUE;
    public long lastTime;

    /** What the trace shows about one device. */
    public static final class DeviceSurvey {
        public long queues;
        public long completions;
        public int maxInFlight;
        int inFlight;
        public final TraceServiceModel.Builder d2c = new TraceServiceModel.Builder();
    }

    public static TraceSurvey scan(EventSource src, Set<Integer> topDevices) throws IOException {
        TraceSurvey s = new TraceSurvey();
        Map<Long, Long> dispatched = new HashMap<>();
        try (src) {
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify()) {
                    continue;
                }
                if (s.firstTime == Long.MIN_VALUE) {
                    s.firstTime = e.time();
                }
                s.lastTime = e.time();
                DeviceSurvey d = s.devices.computeIfAbsent(e.device(), k -> new DeviceSurvey());
                Action k = e.kind();
                switch (k) {
                    case QUEUE -> {
                        d.queues++;
                        if (topDevices.contains(e.device())) {
                            s.topQueues++;
                        }
                    }
                    case REMAP -> {
                        if (topDevices.contains(e.remapFromDevice())) {
                            s.topRemaps++;
                        }
                    }
                    case ISSUE -> {
                        dispatched.put(key(e.device(), e.sector()), e.time());
                        d.inFlight++;
                        d.maxInFlight = Math.max(d.maxInFlight, d.inFlight);
                    }
                    case COMPLETE -> {
                        Long t = dispatched.remove(key(e.device(), e.sector()));
                        if (t != null) {
                            d.inFlight--;
                            d.completions++;
                            int a = e.action();
                            Op op = (a & Category.DISCARD) != 0 ? Op.DISCARD : (a & Category.WRITE) != 0 ? Op.WRITE
                                    : Op.READ;
                            d.d2c.add(op, e.sectors(), Math.max(0, e.time() - t));
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return s;
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
