package dev.dmreplay.replay.workload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which snapshot each of kcopyd's copy reads on an origin was for, told by the trace: a chunk copy's read is followed
 * by its write to the snapshot's COW device, issued only once the read completed ({@code complete_io} puts the job on
 * {@code io_jobs} and wakes the worker, which issues the write in {@code run_io_job}; dm-kcopyd.c v6.1). Each
 * snapshot has its own kcopyd client, but every client's work runs in the per-CPU kworker of the CPU that queued
 * it, so neither a task nor a plug run names the client. A copy-sized write on a COW device takes the oldest
 * completed open read of its own task (the worker woken on the CPU the read completed on, mostly the one that read
 * it), else the oldest completed open read of any task (woken on another CPU); writes of tasks that never read a
 * copy (a snapshot's own writes to its store) take none. {@code __origin_write} (dm-snap.c v6.1) makes one copy per
 * snapshot of a written origin chunk, so the origin's sector alone cannot say whose copy a read was when the
 * kernel's worker ran one snapshot's copies late (26 ms on a 6.1 capture).
 *
 * <p>Reads open longer than {@link #MAX_OPEN_NS} are dropped unowned (a copy whose write was lost to the trace).
 * Memory is bounded: at most {@value #MAX_OPEN} open reads.
 */
final class CopyOwners {
    /** Longer than any read-to-write gap of the captured kernels' copies (26 ms at the most). */
    static final long MAX_OPEN_NS = 200_000_000L;
    private static final int MAX_OPEN = 1 << 16;

    /** A read not yet paired with its write. */
    private static final class Read {
        final int device;
        final long sector;
        final long bytes;
        final long time;
        boolean done;

        Read(int device, long sector, long bytes, long time) {
            this.device = device;
            this.sector = sector;
            this.bytes = bytes;
            this.time = time;
        }
    }

    /** Per task: its open reads in issue order. */
    private final Map<Integer, List<Read>> open = new HashMap<>();
    /** Per device and sector: open reads not yet completed, in issue order (a completion ends the oldest). */
    private final Map<Long, ArrayDeque<Read>> inFlight = new HashMap<>();
    private final Set<Integer> readers = new HashSet<>();
    /** Origin device → sector → read time → COW device. */
    private final Map<Integer, Map<Long, Map<Long, Integer>>> owners = new HashMap<>();
    private int openCount;

    /** A copy read of {@code pid} on an origin. */
    void read(int pid, int device, long sector, long bytes, long time) {
        readers.add(pid);
        if (openCount >= MAX_OPEN) {
            return;
        }
        Read r = new Read(device, sector, bytes, time);
        open.computeIfAbsent(pid, p -> new ArrayList<>()).add(r);
        inFlight.computeIfAbsent(key(device, sector), k -> new ArrayDeque<>()).addLast(r);
        openCount++;
    }

    /** A read completed at {@code sector} of {@code device}: the oldest one in flight there. */
    void completed(int device, long sector) {
        ArrayDeque<Read> q = inFlight.get(key(device, sector));
        if (q != null) {
            Read r = q.pollFirst();
            if (r != null) {
                r.done = true;
            }
            if (q.isEmpty()) {
                inFlight.remove(key(device, sector));
            }
        }
    }

    /** A copy write of {@code pid} on the COW device {@code cow}: it takes the read it is the second half of. */
    void write(int pid, int cow, long bytes, long time) {
        if (!readers.contains(pid)) {
            return;
        }
        List<Read> from = open.get(pid);
        Read r = first(from, cow, bytes, time);
        if (r == null) {
            for (List<Read> q : open.values()) {
                Read c = first(q, cow, bytes, time);
                if (c != null && (r == null || c.time < r.time)) {
                    r = c;
                    from = q;
                }
            }
        }
        if (r != null) {
            from.remove(r);
            openCount--;
            owners.computeIfAbsent(r.device, d -> new HashMap<>()).computeIfAbsent(r.sector, s -> new HashMap<>())
                    .put(r.time, cow);
        }
    }

    /**
     * The oldest completed read of {@code q} a write of {@code bytes} to {@code cow} at {@code time} can be the copy
     * of: not of a chunk {@code cow} already has a copy of (a snapshot copies an origin chunk once, then keeps its
     * exception), so that the two snapshots' reads of one chunk in one worker run go one to each.
     */
    private Read first(List<Read> q, int cow, long bytes, long time) {
        if (q == null) {
            return null;
        }
        for (Iterator<Read> it = q.iterator(); it.hasNext(); ) {
            Read r = it.next();
            if (time - r.time > MAX_OPEN_NS) {
                it.remove(); // stale: its completion, if still awaited, ends it harmlessly
                openCount--;
            } else if (r.done && r.bytes == bytes && !copied(r.device, r.sector, cow)) {
                return r;
            }
        }
        return null;
    }

    private boolean copied(int device, long sector, int cow) {
        Map<Long, Integer> bySector = owners.getOrDefault(device, Map.of()).get(sector);
        return bySector != null && bySector.containsValue(cow);
    }

    /** On {@code device}: sector → read time → the COW device its copy wrote to; empty if none was paired. */
    Map<Long, Map<Long, Integer>> owners(int device) {
        return owners.getOrDefault(device, Map.of());
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
