package dev.dmreplay.analyze.latency;

import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.btt.SampleSink;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects every interval sample: a {@link LatencyDistribution} per interval and device (and for all devices), and
 * per-second count / mean / max by the time the interval ended (latency over time).
 */
public final class IntervalStats implements SampleSink {
    private static final long NS_PER_S = 1_000_000_000L;

    /** Per-second accumulator of one interval key. */
    public static final class Second {
        long n;
        long sum;
        long max;

        public long count() {
            return n;
        }

        public double mean() {
            return n == 0 ? 0 : (double) sum / n;
        }

        public long max() {
            return max;
        }
    }

    private final Map<IntervalKey, LatencyDistribution> dists = new HashMap<>();
    private final TreeMap<Long, Map<IntervalKey, Second>> perSecond = new TreeMap<>();
    private long currentSecond = Long.MIN_VALUE;
    private Map<IntervalKey, Second> current;
    private final Map<Integer, IntervalKey[]> keysByDevice = new HashMap<>();
    private final IntervalKey[] allKeys = new IntervalKey[Interval.values().length];

    public IntervalStats() {
        for (Interval i : Interval.values()) {
            allKeys[i.ordinal()] = new IntervalKey(i, IntervalKey.ALL_DEVICES);
        }
    }

    @Override
    public void sample(Interval interval, int device, long endTime, long value) {
        IntervalKey dk = keysByDevice.computeIfAbsent(device, d -> new IntervalKey[Interval.values().length])
                [interval.ordinal()];
        if (dk == null) {
            dk = new IntervalKey(interval, device);
            keysByDevice.get(device)[interval.ordinal()] = dk;
        }
        IntervalKey ak = allKeys[interval.ordinal()];
        dists.computeIfAbsent(dk, k -> new LatencyDistribution()).record(value);
        dists.computeIfAbsent(ak, k -> new LatencyDistribution()).record(value);
        long sec = Math.floorDiv(endTime, NS_PER_S);
        if (sec != currentSecond) {
            current = perSecond.computeIfAbsent(sec, s -> new HashMap<>());
            currentSecond = sec;
        }
        add(current, dk, value);
        add(current, ak, value);
    }

    private static void add(Map<IntervalKey, Second> m, IntervalKey k, long value) {
        Second s = m.computeIfAbsent(k, x -> new Second());
        s.n++;
        s.sum += value;
        if (value > s.max) {
            s.max = value;
        }
    }

    /** Distributions in {@link IntervalKey} order. */
    public SortedMap<IntervalKey, LatencyDistribution> distributions() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(dists));
    }

    /** Seconds (since the first event) in order, each with its rows in {@link IntervalKey} order. */
    public SortedMap<Long, SortedMap<IntervalKey, Second>> perSecond() {
        TreeMap<Long, SortedMap<IntervalKey, Second>> out = new TreeMap<>();
        perSecond.forEach((s, m) -> out.put(s, new TreeMap<>(m)));
        return out;
    }
}
