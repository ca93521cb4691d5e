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
 * ({@link #copyStart}, {@link #zeroStart}), and a copy's write phase, once its read is done, no earlier than the
 * kernel's next write at its destination ({@link #copyWriteStart}): the kernel's kcopyd ran later than the model's,
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

    private final Schedule reads;
    private final Schedule writes;
    private final long maxWaitNs;
    private long held;

    /**
     * @param reads  by device name, then sector: the kernel's kcopyd read times (copies' sources)
     * @param writes by device name, then sector: the kernel's kcopyd write times (zeroed destinations)
     */
    public KcopydStarts(Map<String, Map<Long, long[]>> reads, Map<String, Map<Long, long[]>> writes, long maxWaitNs) {
        if (maxWaitNs < 0) {
            throw new IllegalArgumentException("the longest wait must not be negative: " + maxWaitNs);
        }
        this.reads = new Schedule(reads);
        this.writes = new Schedule(writes);
        this.maxWaitNs = maxWaitNs;
    }

    /** When a copy reading {@code sector} of {@code device}, dispatched at {@code now}, may start. */
    public long copyStart(String device, long sector, long now) {
        return reads.next(device, sector, now);
    }

    /** When a zeroing of {@code sector} of {@code device}, dispatched at {@code now}, may start. */
    public long zeroStart(String device, long sector, long now) {
        return writes.next(device, sector, now);
    }

    /**
     * When the write phase of a copy whose read finished at {@code now} may start, {@code sector} being its
     * destination on {@code device}: {@code complete_io} puts the job on {@code io_jobs} and wakes the worker, and
     * the traced kernel's worker issued the write at its record there (the same records as zeroing: a destination's
     * kcopyd writes, consumed in order).
     */
    public long copyWriteStart(String device, long sector, long now) {
        return writes.next(device, sector, now);
    }

    /** How many jobs waited for a learnt record. */
    public long held() {
        return held;
    }

    /** One kind of record, consumed in order per sector. */
    private final class Schedule {
        private final Map<String, Map<Long, long[]>> times = new HashMap<>();
        private final Map<String, Map<Long, Integer>> used = new HashMap<>();

        Schedule(Map<String, Map<Long, long[]>> bySector) {
            bySector.forEach((dev, m) -> {
                Map<Long, long[]> c = new HashMap<>();
                m.forEach((sector, at) -> {
                    long[] a = at.clone();
                    Arrays.sort(a);
                    c.put(sector, a);
                });
                times.put(dev, c);
            });
        }

        /** The kernel's next unused record at the sector, or {@code now} when it is past, too far or absent. */
        long next(String device, long sector, long now) {
            Map<Long, long[]> m = times.get(device);
            long[] at = m == null ? null : m.get(sector);
            if (at == null) {
                return now;
            }
            Map<Long, Integer> u = used.computeIfAbsent(device, d -> new HashMap<>());
            int n = u.getOrDefault(sector, 0);
            if (n >= at.length || at[n] - now > maxWaitNs) {
                return now;
            }
            u.put(sector, n + 1);
            if (at[n] > now) {
                held++;
                return at[n];
            }
            return now;
        }
    }
}
