package dev.dmreplay.analyze.latency;

import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.btt.SampleSink;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects every interval sample: a {@link LatencyDistribution} per interval and device (and for all devices), and
 * per-second count / mean / max by the time the interval ended (latency over time). Devices get dense slots
 * (slot 0 is "all devices") so that the per-sample path does no hashing or boxing.
 */
public final class IntervalStats implements SampleSink {
    private static final long NS_PER_S = 1_000_000_000L;
    private static final int N = Interval.values().length;

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

    private int[] devices = new int[4];
    private int nDevices;
    private int lastDevice;
    private int lastSlot = -1;
    /** [slot][interval]; slot 0 = all devices. */
    private LatencyDistribution[][] dists = new LatencyDistribution[5][];
    private final TreeMap<Long, Second[][]> perSecond = new TreeMap<>();
    private long currentSecond = Long.MIN_VALUE;
    private Second[][] current;

    private int slot(int device) {
        if (lastSlot >= 0 && lastDevice == device) {
            return lastSlot;
        }
        int s = -1;
        for (int i = 0; i < nDevices; i++) {
            if (devices[i] == device) {
                s = i + 1;
                break;
            }
        }
        if (s < 0) {
            if (nDevices == devices.length) {
                devices = Arrays.copyOf(devices, nDevices * 2);
            }
            devices[nDevices++] = device;
            s = nDevices;
            if (dists.length <= s) {
                dists = Arrays.copyOf(dists, s * 2);
            }
        }
        lastDevice = device;
        lastSlot = s;
        return s;
    }

    @Override
    public void sample(Interval interval, int device, long endTime, long value) {
        int s = slot(device);
        int i = interval.ordinal();
        dist(s, i).record(value);
        dist(0, i).record(value);
        long sec = Math.floorDiv(endTime, NS_PER_S);
        if (sec != currentSecond) {
            current = perSecond.get(sec);
            if (current == null) {
                current = new Second[8][];
                perSecond.put(sec, current);
            }
            currentSecond = sec;
        }
        if (current.length <= s) {
            current = Arrays.copyOf(current, Math.max(s + 1, current.length * 2));
            perSecond.put(sec, current);
        }
        add(current, s, i, value);
        add(current, 0, i, value);
    }

    private LatencyDistribution dist(int s, int i) {
        LatencyDistribution[] row = dists[s];
        if (row == null) {
            row = new LatencyDistribution[N];
            dists[s] = row;
        }
        LatencyDistribution d = row[i];
        if (d == null) {
            d = new LatencyDistribution();
            row[i] = d;
        }
        return d;
    }

    private static void add(Second[][] m, int s, int i, long value) {
        Second[] row = m[s];
        if (row == null) {
            row = new Second[N];
            m[s] = row;
        }
        Second x = row[i];
        if (x == null) {
            x = new Second();
            row[i] = x;
        }
        x.n++;
        x.sum += value;
        if (value > x.max) {
            x.max = value;
        }
    }

    private IntervalKey key(int s, int i) {
        return new IntervalKey(Interval.values()[i], s == 0 ? IntervalKey.ALL_DEVICES : devices[s - 1]);
    }

    /** Distributions in {@link IntervalKey} order. */
    public SortedMap<IntervalKey, LatencyDistribution> distributions() {
        TreeMap<IntervalKey, LatencyDistribution> out = new TreeMap<>();
        for (int s = 0; s < dists.length; s++) {
            if (dists[s] != null) {
                for (int i = 0; i < N; i++) {
                    if (dists[s][i] != null) {
                        out.put(key(s, i), dists[s][i]);
                    }
                }
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** Seconds (since the first event) in order, each with its rows in {@link IntervalKey} order. */
    public SortedMap<Long, SortedMap<IntervalKey, Second>> perSecond() {
        TreeMap<Long, SortedMap<IntervalKey, Second>> out = new TreeMap<>();
        perSecond.forEach((sec, m) -> {
            TreeMap<IntervalKey, Second> rows = new TreeMap<>();
            for (int s = 0; s < m.length; s++) {
                if (m[s] != null) {
                    for (int i = 0; i < N; i++) {
                        if (m[s][i] != null) {
                            rows.put(key(s, i), m[s][i]);
                        }
                    }
                }
            }
            out.put(sec, rows);
        });
        return out;
    }
}
