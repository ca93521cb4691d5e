package dev.dmreplay.analyze.latency;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Dispatched-but-not-completed requests of one device over time: the time-weighted average and the maximum depth
 * for every second from the device's first D to its last change.
 */
public final class QueueDepth {
    private static final long NS_PER_S = 1_000_000_000L;

    /** One second of depth history. */
    public record Second(double average, int max) {
    }

    private final TreeMap<Long, Second> seconds = new TreeMap<>();
    private long lastTime = Long.MIN_VALUE;
    private int depth;
    private long curSecond;
    private double integral;
    private long covered;
    private int curMax;
    private int peak;

    /** Records that the depth changed to {@code newDepth} at {@code time}. */
    void change(long time, int newDepth) {
        if (lastTime == Long.MIN_VALUE) {
            lastTime = time;
            curSecond = Math.floorDiv(time, NS_PER_S);
            curMax = depth;
        }
        advance(Math.max(time, lastTime));
        depth = newDepth;
        curMax = Math.max(curMax, depth);
        peak = Math.max(peak, depth);
    }

    private void advance(long time) {
        while (true) {
            long secEnd = (curSecond + 1) * NS_PER_S;
            if (time < secEnd) {
                integral += (double) depth * (time - lastTime);
                covered += time - lastTime;
                lastTime = time;
                return;
            }
            integral += (double) depth * (secEnd - lastTime);
            covered += secEnd - lastTime;
            flush();
            lastTime = secEnd;
            curSecond++;
            curMax = depth;
        }
    }

    private void flush() {
        double avg = covered == 0 ? depth : integral / covered;
        seconds.put(curSecond, new Second(avg, curMax));
        integral = 0;
        covered = 0;
    }

    /** Closes the current (partial) second; call once at the end of the trace. */
    void finish() {
        if (lastTime != Long.MIN_VALUE && (covered > 0 || !seconds.containsKey(curSecond))) {
            flush();
        }
    }

    public int depth() {
        return depth;
    }

    /** Highest depth seen. */
    public int peak() {
        return peak;
    }

    public SortedMap<Long, Second> seconds() {
        return Collections.unmodifiableSortedMap(seconds);
    }
}
