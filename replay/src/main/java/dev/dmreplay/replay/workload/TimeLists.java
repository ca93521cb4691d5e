package dev.dmreplay.replay.workload;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The small {@code long[]} lists the survey's worker learners keep per sector (times, or flattened pairs of a time
 * and a value), and their move from trace time to the replay's clock.
 */
public final class TimeLists {
    private TimeLists() {
    }

    /** {@code a} followed by {@code b}: a merge function for per-sector lists kept in arrival order. */
    static long[] append(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * A copy of {@code bySector} with every {@code stride}-th entry of each list (from the first) moved to the
     * replay's clock by {@code clock}: stride 1 for lists of times, 2 for (time, value) pairs whose values are
     * durations or other non-times.
     */
    public static Map<Long, long[]> toReplayClock(Map<Long, long[]> bySector, int stride,
                                                  java.util.function.LongUnaryOperator clock) {
        Map<Long, long[]> out = new HashMap<>();
        bySector.forEach((sector, a) -> {
            long[] c = a.clone();
            for (int i = 0; i < c.length; i += stride) {
                c[i] = clock.applyAsLong(a[i]);
            }
            out.put(sector, c);
        });
        return out;
    }

    /**
     * {@code bySector} with each list of flattened (Q, value) pairs in ascending Q order, pairs kept together and
     * equal Qs in their recorded order. A trace's records come in time order, so the lists normally are already;
     * a damaged or hand-edited trace whose clock steps back must not make a replay fail.
     */
    public static Map<Long, long[]> pairsInQOrder(Map<Long, long[]> bySector) {
        Map<Long, long[]> out = new HashMap<>();
        bySector.forEach((sector, a) -> out.put(sector, sortedPairs(a)));
        return out;
    }

    private static long[] sortedPairs(long[] a) {
        boolean sorted = true;
        for (int i = 2; i < a.length && sorted; i += 2) {
            sorted = a[i] >= a[i - 2];
        }
        if (sorted) {
            return a;
        }
        Integer[] order = new Integer[a.length / 2];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, java.util.Comparator.comparingLong(i -> a[2 * i])); // stable: equal Qs keep their order
        long[] r = new long[a.length];
        for (int i = 0; i < order.length; i++) {
            r[2 * i] = a[2 * order[i]];
            r[2 * i + 1] = a[2 * order[i] + 1];
        }
        return r;
    }
}
