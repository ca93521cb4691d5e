package dev.dmreplay.analyze.latency;

import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.ingest.model.DevNo;

/**
 * One row of the interval statistics: an interval on one device, or on all devices ({@link #ALL_DEVICES}).
 * Ordered by interval, then "all" before devices in device-number order.
 */
public record IntervalKey(Interval interval, int device) implements Comparable<IntervalKey> {
    public static final int ALL_DEVICES = -1;

    public boolean allDevices() {
        return device == ALL_DEVICES;
    }

    /** "ALL" or {@code maj,min}. */
    public String deviceName() {
        return allDevices() ? "ALL" : DevNo.ofKernel(device).toString();
    }

    @Override
    public int compareTo(IntervalKey o) {
        int c = interval.compareTo(o.interval);
        if (c != 0) {
            return c;
        }
        if (device == o.device) {
            return 0;
        }
        if (allDevices() || o.allDevices()) {
            return allDevices() ? -1 : 1;
        }
        return DevNo.ofKernel(device).compareTo(DevNo.ofKernel(o.device));
    }
}
