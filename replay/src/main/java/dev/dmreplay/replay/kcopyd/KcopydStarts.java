package dev.dmreplay.replay.kcopyd;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * When the traced kernel's kcopyd ran each job, learnt from a trace: per device and sector, the times of the read
 * {@code Q} records kcopyd left on a copy's source and of the write {@code Q} records it left zeroing a
 * destination ({@code run_io_job} → {@code dm_io} from the {@code kcopyd} workqueue, dm-kcopyd.c v6.1), in trace
 * order. The n-th copy the model dispatches from a source sector reads it no earlier than the kernel's n-th read
 * there, the n-th zeroing of a destination sector no earlier than the kernel's n-th write there
 * ({@link #copyStart}, {@link #writeStart}), and a copy's write phase, once its read is done, no earlier than the
 * kernel's next write at its destination (also {@link #writeStart}): the kernel's kcopyd ran later than the model's,
 * which starts a job as soon as it is dispatched and a write as soon as its read completes (the worker's wake-up
 * between the two is 0.15–0.2 ms at the median on the captured 6.1 kernels, and up to tens of milliseconds when the
 * worker's CPU was busy). One schedule may be shared by several clients on the same device (two snapshots of one
 * origin each copy a chunk once).
 *
 * <p>A kernel record more than {@link #maxWaitNs} after the model's dispatch is taken for another job (a thin
 * pool that placed a block elsewhere than the kernel's): the job starts at once and the record stays for a later
 * one. Times are in the replay's clock (trace time minus the replay's origin).
 */
public final class KcopydStarts {
    /** The default longest wait: well above the captured kernels' (snapshot reads up to 11 ms after the first). */
    public static final long DEFAULT_MAX_WAIT_NS = 50_000_000L;
    /**
     * The default largest gap between two records of one worker run: issuing a job's bio through a linear target
     * and into the plug took 10–20 us of the captured kernels' CPU per job, while a new run starts at least a
     * wake-up later (about 70 us after the read that woke it, at the least).
     */
    public static final long DEFAULT_RUN_GAP_NS = 50_000L;

    private final Schedule reads;
    private final Schedule writes;
    private final long maxWaitNs;
    private long held;
    private long lastRecord;

    /**
     * @param reads  by device name, then sector: the kernel's kcopyd read times (copies' sources)
     * @param writes by device name, then sector: the kernel's kcopyd write times (zeroed destinations)
     */
    public KcopydStarts(Map<String, Map<Long, long[]>> reads, Map<String, Map<Long, long[]>> writes, long maxWaitNs) {
        this(reads, writes, maxWaitNs, DEFAULT_RUN_GAP_NS);
    }

    /**
     * @param runGapNs records closer than this to the previous one (any device, read or write) were issued in the
     *                 same run of the kernel's worker: each stands for the run's first ({@link #DEFAULT_RUN_GAP_NS};
     *                 0 keeps every record's own time)
     */
    public KcopydStarts(Map<String, Map<Long, long[]>> reads, Map<String, Map<Long, long[]>> writes, long maxWaitNs,
                        long runGapNs) {
        if (maxWaitNs < 0 || runGapNs < 0) {
            throw new IllegalArgumentException("the longest wait and the run gap must not be negative: " + maxWaitNs
                    + ", " + runGapNs);
        }
        long[] runStarts = runStarts(reads, writes, runGapNs);
        this.reads = new Schedule(reads, runStarts, Map.of());
        this.writes = new Schedule(writes, runStarts, Map.of());
        this.maxWaitNs = maxWaitNs;
    }

    /**
     * @param runStarts flattened pairs, in time order, of a record's time and the time of the first record of the
     *                  kernel's worker run that issued it, for the records that did not begin their run (learnt
     *                  from the trace's plug records: {@code workload.WorkerPlugs}); any other record begins its own
     */
    public KcopydStarts(Map<String, Map<Long, long[]>> reads, Map<String, Map<Long, long[]>> writes, long maxWaitNs,
                        long[] runStarts) {
        this(reads, writes, maxWaitNs, runStarts, Map.of());
    }

    /**
     * @param readOwners by device name, then sector, then a read record's time: the destination device (a snapshot's
     *                   COW) of the copy the kernel made with that read, where the trace told it
     *                   ({@code workload.CopyOwners}); a copy to that destination takes these records first
     *                   ({@link #copyStart(String, long, String, long)})
     */
    public KcopydStarts(Map<String, Map<Long, long[]>> reads, Map<String, Map<Long, long[]>> writes, long maxWaitNs,
                        long[] runStarts, Map<String, Map<Long, Map<Long, String>>> readOwners) {
        if (maxWaitNs < 0) {
            throw new IllegalArgumentException("the longest wait must not be negative: " + maxWaitNs);
        }
        this.reads = new Schedule(reads, runStarts, readOwners);
        this.writes = new Schedule(writes, runStarts, Map.of());
        this.maxWaitNs = maxWaitNs;
    }

    /**
     * The kernel's worker issues every job on its lists in one run of {@code do_work} under one plug, a few
     * microseconds of CPU apart, so adjacent copies merge into one request: a record's time is when the run reached
     * it, not when the job was ready. Released at each record's own time, the model's jobs would each wake the
     * worker for a run of its own and never merge. Returns, for each distinct record time in order, the first time
     * of its run: records chained by gaps below {@code gapNs}.
     */
    private static long[] runStarts(Map<String, Map<Long, long[]>> reads, Map<String, Map<Long, long[]>> writes,
                                    long gapNs) {
        long[] all = java.util.stream.Stream.of(reads, writes).flatMap(m -> m.values().stream())
                .flatMap(m -> m.values().stream()).flatMapToLong(Arrays::stream).sorted().distinct().toArray();
        long[] pairs = new long[all.length * 2];
        long start = Long.MIN_VALUE;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] - all[i - 1] >= gapNs) {
                start = all[i];
            }
            pairs[2 * i] = all[i];
            pairs[2 * i + 1] = start;
        }
        return pairs;
    }

    /** When a copy reading {@code sector} of {@code device}, dispatched at {@code now}, may start. */
    public long copyStart(String device, long sector, long now) {
        return reads.next(device, sector, null, now);
    }

    /**
     * When a copy reading {@code sector} of {@code device} to {@code dest}, dispatched at {@code now}, may start: it
     * takes the first unused read record there whose copy the kernel wrote to {@code dest}, else one whose
     * destination is unknown, else any. Two snapshots of one origin each copy a written chunk, each with its own
     * kcopyd client ({@code __origin_write}, dm-snap.c v6.1, walks them in list order); when the kernel ran one
     * client's copies late, taking the records in order would give the late read to the first snapshot on the list
     * and delay the other's copy, and the origin write waiting for it, by that lag.
     */
    public long copyStart(String device, long sector, String dest, long now) {
        return reads.next(device, sector, dest, now);
    }

    /**
     * When a write to {@code sector} of {@code device}, ready at {@code now}, may start: a zeroing dispatched then,
     * or the write phase of a copy whose read just finished ({@code complete_io} puts the job on {@code io_jobs} and
     * wakes the worker). Both take the destination's kcopyd write records in order.
     */
    public long writeStart(String device, long sector, long now) {
        return writes.next(device, sector, null, now);
    }

    /**
     * The own time of the record the last {@link #copyStart} or {@link #writeStart} that
     * returned a later time took: where the kernel's worker issued that job within its run.
     */
    public long lastRecordTime() {
        return lastRecord;
    }

    /** How many jobs waited for a learnt record. */
    public long held() {
        return held;
    }

    /** One kind of record, consumed in order per sector (per destination, where the trace told it). */
    private final class Schedule {
        /** By device and sector: the records' own times, in time order. */
        private final Map<String, Map<Long, long[]>> times = new HashMap<>();
        /** By device and sector: each record's copy destination or null, aligned with {@link #times}. */
        private final Map<String, Map<Long, String[]>> owners = new HashMap<>();
        private final Map<String, Map<Long, boolean[]>> used = new HashMap<>();
        /** Each distinct record time and the first time of its worker run ({@link KcopydStarts#runStarts}). */
        private final long[] runStarts;

        Schedule(Map<String, Map<Long, long[]>> bySector, long[] runStarts,
                 Map<String, Map<Long, Map<Long, String>>> destinations) {
            this.runStarts = runStarts;
            bySector.forEach((dev, m) -> {
                Map<Long, long[]> c = new HashMap<>();
                Map<Long, String[]> o = new HashMap<>();
                Map<Long, Map<Long, String>> known = destinations.getOrDefault(dev, Map.of());
                m.forEach((sector, at) -> {
                    long[] a = at.clone();
                    Arrays.sort(a);
                    c.put(sector, a);
                    Map<Long, String> k = known.get(sector);
                    if (k != null) {
                        String[] d = new String[a.length];
                        for (int i = 0; i < a.length; i++) {
                            d[i] = k.get(a[i]);
                        }
                        o.put(sector, d);
                    }
                });
                times.put(dev, c);
                owners.put(dev, o);
            });
        }

        private static long runStart(long[] pairs, long time) {
            int lo = 0;
            int hi = pairs.length / 2 - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long t = pairs[2 * mid];
                if (t < time) {
                    lo = mid + 1;
                } else if (t > time) {
                    hi = mid - 1;
                } else {
                    return pairs[2 * mid + 1];
                }
            }
            return time;
        }

        /**
         * The kernel's next unused record at the sector for {@code dest} (see {@link KcopydStarts#copyStart(String,
         * long, String, long)}), or {@code now} when it is past, too far or absent.
         */
        long next(String device, long sector, String dest, long now) {
            Map<Long, long[]> m = times.get(device);
            long[] at = m == null ? null : m.get(sector);
            if (at == null) {
                return now;
            }
            boolean[] u = used.computeIfAbsent(device, d -> new HashMap<>())
                    .computeIfAbsent(sector, s -> new boolean[at.length]);
            int n = pick(u, dest == null ? null : owners.get(device).get(sector), dest);
            if (n < 0) {
                return now;
            }
            long start = runStart(runStarts, at[n]);
            if (start - now > maxWaitNs) {
                return now;
            }
            u[n] = true;
            lastRecord = at[n];
            if (start > now) {
                held++;
                return start;
            }
            return now;
        }

        /** The first unused record for {@code dest}, else the first of unknown destination, else the first; or -1. */
        private static int pick(boolean[] used, String[] dests, String dest) {
            int unknown = -1;
            int any = -1;
            for (int i = 0; i < used.length; i++) {
                if (used[i]) {
                    continue;
                }
                String d = dests == null ? null : dests[i];
                if (d == null && dest != null && dests != null) {
                    unknown = unknown < 0 ? i : unknown;
                } else if (d == null || d.equals(dest)) {
                    return i;
                }
                any = any < 0 ? i : any;
            }
            return unknown >= 0 ? unknown : any;
        }
    }
}
