package dev.dmreplay.replay.kcopyd;

import java.util.HashMap;
import java.util.Map;

/**
 * When the traced kernel's kcopyd read the source of each copy, learnt from a trace: per source device and
 * sector, the times of the read {@code Q} records kcopyd left there ({@code run_io_job} → {@code dm_io} from the
 * {@code kcopyd} workqueue, dm-kcopyd.c v6.1), in trace order. The n-th copy job the model dispatches from a
 * source sector reads it no earlier than the kernel's n-th read there ({@link #startAt}): the kernel's kcopyd
 * worker ran later than the model's, which starts a job's read as soon as it is dispatched. One schedule may be
 * shared by several clients reading the same device (two snapshots of one origin each copy a chunk once).
 *
 * <p>Times are in the replay's clock (trace time minus the replay's origin).
 */
public final class KcopydStarts {
    /** By device name, then sector: the kernel's read times, ascending. */
    private final Map<String, Map<Long, long[]>> reads;
    private final Map<String, Map<Long, Integer>> used = new HashMap<>();
    private long held;

    public KcopydStarts(Map<String, Map<Long, long[]>> readsByDeviceAndSector) {
        Map<String, Map<Long, long[]>> m = new HashMap<>();
        readsByDeviceAndSector.forEach((dev, bySector) -> {
            Map<Long, long[]> c = new HashMap<>();
            bySector.forEach((sector, at) -> {
                long[] a = at.clone();
                java.util.Arrays.sort(a);
                c.put(sector, a);
            });
            m.put(dev, c);
        });
        this.reads = m;
    }

    /**
     * When a copy job reading {@code sector} of {@code device}, dispatched at {@code now}, may start: the kernel's
     * next unused read of that sector, or {@code now} when it is past or there is none. Each call uses one read.
     */
    public long startAt(String device, long sector, long now) {
        Map<Long, long[]> bySector = reads.get(device);
        long[] at = bySector == null ? null : bySector.get(sector);
        if (at == null) {
            return now;
        }
        Map<Long, Integer> u = used.computeIfAbsent(device, d -> new HashMap<>());
        int n = u.getOrDefault(sector, 0);
        if (n >= at.length) {
            return now;
        }
        u.put(sector, n + 1);
        if (at[n] > now) {
            held++;
            return at[n];
        }
        return now;
    }

    /** How many jobs waited for a learnt read. */
    public long held() {
        return held;
    }
}
