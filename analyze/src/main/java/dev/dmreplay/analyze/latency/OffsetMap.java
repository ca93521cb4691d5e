package dev.dmreplay.analyze.latency;

import java.util.ArrayList;
import java.util.List;

/**
 * Where on a device the I/O went over time, as seekwatcher and iowatcher plot it: one point (time, start sector)
 * per request issued to the driver. Memory is bounded: beyond {@link #MAX_POINTS} points every other kept point
 * is dropped and from then on only every second (fourth, ...) request is kept, so a long trace gives an evenly
 * thinned map, the same one every time.
 */
public final class OffsetMap {
    public static final int MAX_POINTS = 1024;

    private final List<long[]> points = new ArrayList<>();
    private long seen;
    private long stride = 1;

    /** One request issued at {@code timeNs} (relative to the trace start) starting at {@code sector}. */
    public void add(long timeNs, long sector) {
        if (seen++ % stride != 0) {
            return;
        }
        points.add(new long[] {timeNs, sector});
        if (points.size() > MAX_POINTS) {
            List<long[]> kept = new ArrayList<>(MAX_POINTS / 2 + 1);
            for (int i = 0; i < points.size(); i += 2) {
                kept.add(points.get(i));
            }
            points.clear();
            points.addAll(kept);
            stride *= 2;
        }
    }

    /** The kept points, {time ns, sector}, in issue order. */
    public List<long[]> points() {
        return points;
    }

    /** How many requests were seen (the map keeps every {@link #stride()}-th). */
    public long seen() {
        return seen;
    }

    public long stride() {
        return stride;
    }
}
