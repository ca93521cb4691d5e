package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * When the traced kernel's md resync thread read each resync window of a dm-raid raid1, learnt in the survey pass.
 * {@code raid1_sync_request} (drivers/md/raid1.c, v6.1) reads one window ({@code RESYNC_BLOCK_SIZE}, 64 KiB) from
 * the first in-sync mirror; md under dm-raid has no gendisk, so neither these reads nor any raid1 I/O leave a
 * remap record, and the application's reads are the application's sizes, not a window's. The first read
 * {@code Q} of a whole window at a sector of a data leg is when the kernel's resync reached it: between windows
 * the kernel's thread waited for its barrier, for in-flight windows while the array was busy, and for its CPU,
 * much longer than the model's (the captured resync of 256 MiB took 4 s under fio's writes).
 *
 * <p>Memory is bounded: at most {@value #MAX_WINDOWS} windows in all.
 */
public final class Raid1ResyncRuns implements Consumer<BlockEvent> {
    static final int MAX_WINDOWS = 1 << 22;
    /** {@code RESYNC_BLOCK_SIZE} in sectors. */
    public static final int WINDOW_SECTORS = 128;

    private final Set<Integer> dataLegs = new HashSet<>();
    /** Per data leg: sector → time of the first whole-window read there. */
    private final Map<Integer, Map<Long, Long>> firstRead = new HashMap<>();
    private long windows;

    /** @param dataLegs the data devices of the raid1 arrays (kernel dev_t) */
    public Raid1ResyncRuns(Iterable<Integer> dataLegs) {
        for (int d : dataLegs) {
            this.dataLegs.add(d);
        }
    }

    @Override
    public void accept(BlockEvent e) {
        if (e.kind() != Action.QUEUE || !dataLegs.contains(e.device()) || (e.action() & Category.WRITE) != 0
                || e.bytes() != WINDOW_SECTORS * 512 || windows >= MAX_WINDOWS) {
            return;
        }
        if (firstRead.computeIfAbsent(e.device(), d -> new HashMap<>()).putIfAbsent(e.sector(), e.time()) == null) {
            windows++;
        }
    }

    /** The data legs watched. */
    public Set<Integer> dataLegs() {
        return Set.copyOf(dataLegs);
    }

    /** Sector → time (trace time) of the first whole-window read of data leg {@code leg}; empty if none. */
    public Map<Long, Long> windowReads(int leg) {
        return firstRead.getOrDefault(leg, Map.of());
    }
}
