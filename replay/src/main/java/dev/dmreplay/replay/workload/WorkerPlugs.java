package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which of kcopyd's records (see {@link KcopydIo}) one run of its worker issued into one plug, told by the trace's
 * own plug records. kcopyd's {@code do_work} (dm-kcopyd.c v6.1) issues every job on its lists between
 * {@code blk_start_plug} and {@code blk_finish_plug}, so adjacent copies merge into one request on the disk below;
 * {@code blk_add_rq_to_plug} (block/blk-mq.c v6.1) traces a {@code P} only when a request enters an empty plug
 * (the run's first, or the first after the plug was flushed). So a worker's record whose request entered an empty
 * plug (a {@code P} from the same task before its next record, with no {@code D} or {@code U} of its between) begins
 * a run, and its later records belong to that run. Gaps between the records of one run are mostly the 10–20 us a
 * job takes, but up to hundreds of microseconds when the worker allocates pages or is interrupted (73 us and 390 us
 * in runs whose requests merged into one on a 6.1 capture), so a fixed gap (50 us) split runs whose copies the
 * kernel merged, and the model's unmerged requests took other times than the kernel's merged one.
 *
 * <p>A record more than {@link #MAX_RUN_GAP_NS} after the previous one of its task begins a run of its own: a
 * plug's {@code P} can be missing from a trace (a dropped record, a plug flushed by another path), and a run is
 * never longer than that on the captured kernels.
 */
final class WorkerPlugs {
    /** The longest gap between two records of one run (see the class comment). */
    static final long MAX_RUN_GAP_NS = 2_000_000L;
    private static final int NONE = -1;

    /** Per task: the first record time of its current run, its last record time, and that record's index or NONE. */
    private final Map<Integer, long[]> byTask = new HashMap<>();
    /** Flattened (record time, run start) pairs, in record order. */
    private long[] pairs = new long[32];
    private int count;

    /** A record of {@code pid} at {@code time}: it joins the task's run, or begins one after a long gap. */
    void record(int pid, long time) {
        long[] t = byTask.get(pid);
        long start = t != null && time - t[1] <= MAX_RUN_GAP_NS ? t[0] : time;
        if (2 * count == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * count] = time;
        pairs[2 * count + 1] = start;
        byTask.put(pid, new long[] {start, time, count});
        count++;
    }

    /**
     * A plug, dispatch or unplug record of {@code pid} (on any device). A {@code P} right after a record means that
     * record's request entered an empty plug: it begins a run. A {@code D} or {@code U} first flushed the plug: a
     * later {@code P} is another request's.
     */
    void seen(Action kind, int pid) {
        long[] t = byTask.get(pid);
        if (t == null || t[2] == NONE) {
            return;
        }
        if (kind == Action.PLUG) {
            int i = (int) t[2];
            pairs[2 * i + 1] = pairs[2 * i];
            t[0] = pairs[2 * i];
        }
        t[2] = NONE;
    }

    /**
     * Each record's time and its run's first record time, flattened pairs in record time order, for the records that
     * do not begin their run (a record not listed begins its own).
     */
    long[] pairs() {
        long[] p = new long[2 * count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (pairs[2 * i + 1] != pairs[2 * i]) {
                p[2 * n] = pairs[2 * i];
                p[2 * n + 1] = pairs[2 * i + 1];
                n++;
            }
        }
        return sortedPairs(Arrays.copyOf(p, 2 * n));
    }

    private static long[] sortedPairs(long[] p) {
        int count = p.length / 2;
        boolean sorted = true;
        for (int i = 2; i < p.length && sorted; i += 2) {
            sorted = p[i] >= p[i - 2];
        }
        if (sorted) {
            return p;
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(p[2 * a], p[2 * b]));
        long[] out = new long[p.length];
        for (int i = 0; i < count; i++) {
            out[2 * i] = p[2 * order[i]];
            out[2 * i + 1] = p[2 * order[i] + 1];
        }
        return out;
    }
}
