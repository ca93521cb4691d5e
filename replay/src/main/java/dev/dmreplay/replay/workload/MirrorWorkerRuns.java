package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * When the traced kernel's {@code kmirrord} ({@code do_mirror}, dm-raid1.c v6.1) took each mirror write, learnt in
 * the survey pass. {@code mirror_map} only queues a write ({@code queue_bio} onto {@code ms->writes}, then
 * {@code wakeup_mirrord}); kmirrord's {@code do_writes} later sends it to every leg through dm-io, which leaves a
 * {@code Q} on each leg at the write's sector plus the leg's offset, with no remap ({@code A}) before it, unlike
 * the reads {@code mirror_map} remaps itself. Empty flushes are left out: dm-io sends them to each leg's offset,
 * whatever the flush's own sector. The first such leg {@code Q} after the write's own {@code Q} on the
 * mirror is when kmirrord took that write. On the traced 6.1 machine that came 0.1 ms after the write's {@code Q}
 * at the median, 1.6 ms at the 90th percentile and 12 ms at the 99th; one write in eight was taken more than 1 ms
 * after the first leg write that followed its own {@code Q} (a run already under way had taken the list before it
 * was queued), so the pairing is per write, not "the next run".
 *
 * <p>Reads of a region not known to be in sync take the same path ({@code mirror_map} queues them onto
 * {@code ms->reads}; {@code do_reads} sends them with {@code read_async_bio}, again a leg {@code Q} with no remap):
 * they are paired the same way with the default leg's read at their sector, and a read {@code mirror_map} remapped
 * itself (its {@code A} on a leg) is dropped. On the captured 6.1 machine kmirrord was late for them during a
 * recovery (22-26 ms behind their {@code Q} while it waited for its leg flushes and log writes and for the CPU).
 *
 * <p>Memory is bounded: at most {@value #MAX_OPEN} writes wait for their leg record, and at most
 * {@value #MAX_PAIRS} pairs are kept in all (later writes replay with kmirrord taking them at once).
 */
public final class MirrorWorkerRuns implements Consumer<BlockEvent> {
    static final int MAX_PAIRS = 1 << 22;
    private static final int MAX_OPEN = 1 << 16;

    /**
     * A mirror's device number, its first leg (the default leg, the first of dm-io's regions, so its {@code Q} is
     * the first of a write's) with that leg's offset in sectors, every leg (kernel dev_t), and its region size.
     */
    public record Mirror(int mirror, int firstLeg, long firstLegOffset, Set<Integer> legs, long regionSectors,
                         int logDevice) {
        public Mirror {
            legs = Set.copyOf(legs);
        }

        /** A mirror with a core log (no log device). */
        public Mirror(int mirror, int firstLeg, long firstLegOffset, Set<Integer> legs, long regionSectors) {
            this(mirror, firstLeg, firstLegOffset, legs, regionSectors, NO_LOG);
        }
    }

    /** {@link Mirror#logDevice} of a mirror with a core log. */
    public static final int NO_LOG = -1;

    private final Map<Integer, Mirror> byMirror = new LinkedHashMap<>();
    private final Map<Integer, Mirror> byLeg = new HashMap<>();
    private final Map<Integer, Mirror> byLog = new HashMap<>();
    /** Per disk-log mirror: the start of kmirrord's last log flush, and its last leg flush and log write. */
    private final Map<Integer, LogFlushes> logFlushes = new HashMap<>();
    /** Per mirror: writes' Q paired with their first leg write, by mirror sector. */
    private final QueuePairs taken = new QueuePairs(MAX_OPEN, MAX_PAIRS);
    /** Per mirror: reads' Q paired with kmirrord's read of the default leg, by mirror sector. */
    private final QueuePairs readsTaken = new QueuePairs(MAX_OPEN, MAX_PAIRS);
    /** Per mirror: region → the time of kcopyd's first read of it (its recovery's start). */
    private final Map<Integer, Map<Long, Long>> recoveryStarts = new HashMap<>();
    private long recoveryCount;
    /** (leg, sector) of remaps onto a leg whose Q has not come yet: reads mirror_map sent itself. */
    private final Set<Long> remapped = new HashSet<>();
    /** Per task: its last leg write's (time, bytes, mirror), for the gap to its next leg's copy. */
    private final Map<Integer, long[]> lastLegWrite = new HashMap<>();
    /** Per mirror: gaps between a write's (or flush's) copies on consecutive legs, at most {@value #MAX_GAPS}. */
    private final Map<Integer, dev.dmreplay.replay.util.LongChunks> legGaps = new HashMap<>();
    static final int MAX_GAPS = 1 << 16;
    /** A next leg's copy this soon after the previous leg's, by the same task, belongs to the same dm-io. */
    static final long LEG_GAP_NS = 1_000_000;

    public MirrorWorkerRuns(Iterable<Mirror> mirrors) {
        for (Mirror m : mirrors) {
            byMirror.put(m.mirror(), m);
            for (int leg : m.legs()) {
                byLeg.put(leg, m);
            }
            if (m.logDevice() != NO_LOG) {
                byLog.put(m.logDevice(), m);
                logFlushes.put(m.mirror(), new LogFlushes());
            }
        }
    }

    @Override
    public void accept(BlockEvent e) {
        Action k = e.kind();
        if (k == Action.QUEUE) {
            if (byMirror.containsKey(e.device())) {
                if (e.bytes() > 0) {
                    ((e.action() & Category.WRITE) != 0 ? taken : readsTaken).queued(e.device(), e.sector(), e.time());
                }
                return;
            }
            Mirror log = byLog.get(e.device());
            if (log != null) {
                if ((e.action() & Category.WRITE) != 0 && e.bytes() > 0) {
                    logFlushes.get(log.mirror()).logWrite(e.time());
                }
                return;
            }
            Mirror m = byLeg.get(e.device());
            if (m != null && e.bytes() == 0 && e.device() == m.firstLeg() && (e.action() & Category.FLUSH) != 0
                    && logFlushes.containsKey(m.mirror())) {
                logFlushes.get(m.mirror()).legFlush(e.time());
            }
            if (m == null) {
                return;
            }
            boolean remappedHere = remapped.remove(key(e.device(), e.sector()));
            if (!remappedHere && (e.action() & Category.WRITE) != 0 && e.bytes() == 0) {
                legCopy(m, e);
            }
            if (remappedHere || e.bytes() == 0 || e.device() != m.firstLeg()) {
                return; // the other legs' copies of a write come right after the first leg's
            }
            if ((e.action() & Category.WRITE) == 0) {
                if (!recoveryRead(m, e)) {
                    long sector = e.sector() - m.firstLegOffset();
                    readsTaken.pair(m.mirror(), sector, sector, e.time());
                }
                return;
            }
            long sector = e.sector() - m.firstLegOffset();
            // unpaired: kmirrord's own I/O (a recovery write, a log write), or a write queued before the trace
            LogFlushes f = logFlushes.get(m.mirror());
            long at = e.time();
            taken.pair(m.mirror(), sector, sector, f == null ? q -> at : q -> f.takenBy(q, at));
        } else if (k == Action.REMAP && byLeg.containsKey(e.device())) {
            if (remapped.size() < MAX_OPEN) {
                remapped.add(key(e.device(), e.sector()));
            }
            if ((e.action() & Category.WRITE) == 0 && byMirror.containsKey(e.remapFromDevice())) {
                readsTaken.drop(e.remapFromDevice(), e.remapFromSector());
            }
        }
    }

    /**
     * A write or flush copy kmirrord's dm-io queued on a leg ({@code do_region} per leg in turn, dm-io.c v6.1): on
     * the first leg it starts a write's copies; on another, by the same task within {@value #LEG_GAP_NS} ns and of
     * the same size, it is the next copy, and the gap from the copy before is a sample of how long the task took
     * to get from one leg to the next (on the traced machine 100-360 us for flushes: preempted on its CPU by the
     * first copy's dispatch and completion).
     */
    private void legCopy(Mirror m, BlockEvent e) {
        if (e.device() == m.firstLeg()) {
            if (lastLegWrite.size() < MAX_OPEN || lastLegWrite.containsKey(e.pid())) {
                lastLegWrite.put(e.pid(), new long[] {e.time(), e.bytes(), m.mirror()});
            }
            return;
        }
        long[] last = lastLegWrite.get(e.pid());
        if (last == null || last[2] != m.mirror() || last[1] != e.bytes() || e.time() - last[0] > LEG_GAP_NS) {
            return;
        }
        dev.dmreplay.replay.util.LongChunks gaps = legGaps.computeIfAbsent(m.mirror(),
                x -> new dev.dmreplay.replay.util.LongChunks());
        if (gaps.size() < MAX_GAPS) {
            gaps.add(e.time() - last[0]);
        }
        last[0] = e.time(); // a third leg's copy is measured from this one
    }

    /** The gaps (ns) between the copies of mirror {@code mirror}'s writes and flushes on consecutive legs. */
    public long[] legGaps(int mirror) {
        dev.dmreplay.replay.util.LongChunks gaps = legGaps.get(mirror);
        return gaps == null ? new long[0] : gaps.toArray();
    }

    /**
     * A read of the default leg no remap explains, one whole region at a region boundary: kcopyd's read of
     * {@code recover()} (dm-raid1.c v6.1), the start of that region's recovery. Reads kmirrord sends for a region
     * not in sync are the application's sizes, not a region's. Returns whether the read was one.
     */
    private boolean recoveryRead(Mirror m, BlockEvent e) {
        long rs = m.regionSectors();
        long sector = e.sector() - m.firstLegOffset();
        if (rs <= 0 || sector < 0 || sector % rs != 0 || e.bytes() != rs * 512) {
            return false;
        }
        if (recoveryCount < MAX_PAIRS) {
            Map<Long, Long> starts = recoveryStarts.computeIfAbsent(m.mirror(), d -> new HashMap<>());
            if (starts.putIfAbsent(sector / rs, e.time()) == null) {
                recoveryCount++;
            }
        }
        return true;
    }

    /** When the traced kernel started recovering each region of mirror {@code mirror} (region → time). */
    public Map<Long, Long> recoveryStarts(int mirror) {
        return recoveryStarts.getOrDefault(mirror, Map.of());
    }

    /** The mirrors this survey watches, by device number. */
    public Set<Integer> mirrors() {
        return byMirror.keySet();
    }

    /**
     * The writes of mirror {@code mirror} kmirrord took, by mirror sector: (Q time, taken time) pairs flattened,
     * in trace time and Q order; empty if none.
     */
    public Map<Long, long[]> taken(int mirror) {
        return taken.pairs(mirror);
    }

    /**
     * The reads of mirror {@code mirror} kmirrord took (regions not in sync), by mirror sector: (Q time, taken
     * time) pairs flattened, in trace time and Q order; empty if none.
     */
    public Map<Long, long[]> readsTaken(int mirror) {
        return readsTaken.pairs(mirror);
    }

    /**
     * The disk log's flushes kmirrord made, to tell when the run that sent a write began. {@code do_writes}
     * (dm-raid1.c v6.1) calls {@code dm_rh_flush} after taking its list and before {@code do_write}: the disk log's
     * {@code disk_flush} writes there synchronously (with {@code touched_cleaned}: first {@code mirror_flush}'s empty
     * flush to every leg, then the log area; with {@code touched_dirtied}: then an empty flush of the log). The
     * model makes those writes itself, so a write is handed to its kmirrord when the kernel's flush before the
     * write's first leg write began, not at that leg write: else the model's flush would come after the kernel's
     * and the write would wait for both.
     */
    private static final class LogFlushes {
        private long legFlushAt = Long.MIN_VALUE;
        private long logWriteAt = Long.MIN_VALUE;
        private long flushStart = Long.MIN_VALUE;

        /** An empty flush to the first leg no remap explains: {@code mirror_flush} (or a flush bio's leg copy). */
        void legFlush(long t) {
            legFlushAt = t;
        }

        /** A write of the log area: it belongs to the flush a leg flush after the previous log write began. */
        void logWrite(long t) {
            flushStart = legFlushAt > logWriteAt ? legFlushAt : t;
            logWriteAt = t;
        }

        /**
         * When kmirrord took a write queued at {@code queuedAt} and written to the first leg at {@code legWriteAt}:
         * the start of the last log flush if it began after the write was queued (the flush of the run that took
         * it), else the leg write itself (that run flushed nothing).
         */
        long takenBy(long queuedAt, long legWriteAt) {
            return flushStart >= queuedAt && flushStart <= legWriteAt ? flushStart : legWriteAt;
        }
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
