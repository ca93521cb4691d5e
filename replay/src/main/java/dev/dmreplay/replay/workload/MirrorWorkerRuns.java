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
    public record Mirror(int mirror, int firstLeg, long firstLegOffset, Set<Integer> legs, long regionSectors) {
        public Mirror {
            legs = Set.copyOf(legs);
        }
    }

    private final Map<Integer, Mirror> byMirror = new LinkedHashMap<>();
    private final Map<Integer, Mirror> byLeg = new HashMap<>();
    /** Per mirror: writes' Q paired with their first leg write, by mirror sector. */
    private final QueuePairs taken = new QueuePairs(MAX_OPEN, MAX_PAIRS);
    /** Per mirror: region → the time of kcopyd's first read of it (its recovery's start). */
    private final Map<Integer, Map<Long, Long>> recoveryStarts = new HashMap<>();
    private long recoveryCount;
    /** (leg, sector) of remaps onto a leg whose Q has not come yet: reads mirror_map sent itself. */
    private final Set<Long> remapped = new HashSet<>();

    public MirrorWorkerRuns(Iterable<Mirror> mirrors) {
        for (Mirror m : mirrors) {
            byMirror.put(m.mirror(), m);
            for (int leg : m.legs()) {
                byLeg.put(leg, m);
            }
        }
    }

    @Override
    public void accept(BlockEvent e) {
        Action k = e.kind();
        if (k == Action.QUEUE) {
            if (byMirror.containsKey(e.device())) {
                if ((e.action() & Category.WRITE) != 0 && e.bytes() > 0) {
                    taken.queued(e.device(), e.sector(), e.time());
                }
                return;
            }
            Mirror m = byLeg.get(e.device());
            if (m == null || remapped.remove(key(e.device(), e.sector())) || e.bytes() == 0
                    || e.device() != m.firstLeg()) {
                return; // the other legs' copies of a write come right after the first leg's
            }
            if ((e.action() & Category.WRITE) == 0) {
                recoveryRead(m, e);
                return;
            }
            long sector = e.sector() - m.firstLegOffset();
            // unpaired: kmirrord's own I/O (a recovery write, a log write), or a write queued before the trace
            taken.pair(m.mirror(), sector, sector, e.time());
        } else if (k == Action.REMAP && byLeg.containsKey(e.device()) && remapped.size() < MAX_OPEN) {
            remapped.add(key(e.device(), e.sector()));
        }
    }

    /**
     * A read of the default leg no remap explains, one whole region at a region boundary: kcopyd's read of
     * {@code recover()} (dm-raid1.c v6.1), the start of that region's recovery. Reads kmirrord sends for a region
     * not in sync are the application's sizes, not a region's.
     */
    private void recoveryRead(Mirror m, BlockEvent e) {
        long rs = m.regionSectors();
        long sector = e.sector() - m.firstLegOffset();
        if (rs <= 0 || sector < 0 || sector % rs != 0 || e.bytes() != rs * 512 || recoveryCount >= MAX_PAIRS) {
            return;
        }
        Map<Long, Long> starts = recoveryStarts.computeIfAbsent(m.mirror(), d -> new HashMap<>());
        if (starts.putIfAbsent(sector / rs, e.time()) == null) {
            recoveryCount++;
        }
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

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
