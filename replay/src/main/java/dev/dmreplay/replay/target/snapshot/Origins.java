package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.sim.RwSemaphore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * dm-snapshot's origin hash ({@code _origins}, {@code _origins_lock}, drivers/md/dm-snap.c): for each origin
 * block device the snapshots of it, kept largest chunk size first ({@code __insert_snapshot}). One per modelled
 * machine ({@link dev.dmreplay.replay.sim.Kernel#global}).
 */
final class Origins {
    final RwSemaphore lock = new RwSemaphore("_origins_lock");
    private final Map<BlockDevice, List<DmSnapshot>> byOrigin = new IdentityHashMap<>();
    /** {@code _pending_exceptions_done} with its count: a merge waits here for other snapshots' copies. */
    final dev.dmreplay.replay.sim.WaitQueue pendingExceptionsDone =
            new dev.dmreplay.replay.sim.WaitQueue("_pending_exceptions_done", java.util.List::of);
    long pendingExceptionsDoneCount;

    /** {@code increment_pending_exceptions_done_count()}: wake everyone waiting for a pending exception. */
    void pendingDone() {
        pendingExceptionsDoneCount++;
        pendingExceptionsDone.wakeAll();
    }

    /** {@code register_snapshot()} → {@code __insert_snapshot()}. */
    void register(DmSnapshot s) {
        List<DmSnapshot> l = byOrigin.computeIfAbsent(s.origin, k -> new ArrayList<>());
        int i = 0;
        while (i < l.size() && l.get(i).chunk >= s.chunk) {
            i++;
        }
        l.add(i, s);
    }

    /** {@code __lookup_origin()}: the snapshots of {@code origin} (empty when none). */
    List<DmSnapshot> snapshots(BlockDevice origin) {
        List<DmSnapshot> l = byOrigin.get(origin);
        return l == null ? List.of() : l;
    }

    /** {@code __minimum_chunk_size()}: 0 when the origin has no snapshot. */
    long minimumChunk(BlockDevice origin) {
        long m = 0;
        for (DmSnapshot s : snapshots(origin)) {
            m = m == 0 ? s.chunk : Math.min(m, s.chunk);
        }
        return m;
    }
}
