package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs.SnapshotLocking;

/**
 * {@code snapshot_map()} (drivers/md/dm-snap.c; v4.15 with the exclusive lock, v5.3+ with the read lock). Runs in
 * the submitting task (or kdmflush in {@code dm_wq_work}); leaves its {@code DM_MAPIO_*} in {@code tio.mapio}.
 * <ul>
 *   <li>{@code REQ_PREFLUSH}: to the COW device, no lock.</li>
 *   <li>BLOCKING POINT 1: the snapshot lock.</li>
 *   <li>A chunk with a completed exception: remapped to its COW chunk.</li>
 *   <li>A read of any other chunk: remapped to the origin and tracked ({@code track_chunk}) until it completes,
 *       so that {@code pending_complete} can wait for it.</li>
 *   <li>A write: find or create the pending exception (BLOCKING POINT 2, {@code alloc_pending_exception}, with
 *       the exclusive lock dropped), remap to its COW chunk; a write of the whole chunk replaces the copy
 *       ({@code start_full_bio}), any other write waits on {@code pe->snapshot_bios}; the first one starts the
 *       copy (BLOCKING POINTS 3 and 4: {@code cow_count}, kcopyd's job mempool). A full COW device overflows the
 *       snapshot ({@code PO}) or invalidates it; the write fails with an I/O error ({@code DM_MAPIO_KILL}).</li>
 * </ul>
 */
final class SnapshotMap extends Frame {
    private final DmSnapshot s;
    private final TargetIo tio;
    private final Bio bio;
    private long chunk;
    private PendingException pe;
    private PendingException newPe;

    /** {@code snapshot_map()}, v4.15/v5.3+: flush and invalid checks, then {@code s->lock} (BLOCKING POINT 1). */
    private static final int LOCK_SNAPSHOT = 0;
    /** {@code snapshot_map()}, v4.15/v5.3+: lock held: completed exception, read tracking, pending lookup. */
    private static final int SNAPSHOT_LOCKED = 1;
    /** {@code snapshot_map()}, v4.15/v5.3+: {@code alloc_pending_exception()} returned; v4.15 retakes the lock. */
    private static final int PENDING_ALLOCATED = 2;
    /** {@code snapshot_map()}, v4.15/v5.3+: relocked: completed lookup again, {@code __find_pending_exception}. */
    private static final int RELOCKED_AFTER_ALLOC = 3;
    /** {@code snapshot_map()}, v4.15/v5.3+: {@code remap_exception} to {@code pe}; full bio, queue, or start copy. */
    private static final int REMAP_TO_PENDING = 5;
    /** {@code snapshot_map()}, v4.15/v5.3+: {@code start_copy}/{@code start_full_bio} returned: SUBMITTED. */
    private static final int SUBMITTED = 7;

    SnapshotMap(DmSnapshot s, TargetIo tio) {
        this.s = s;
        this.tio = tio;
        this.bio = tio.clone;
    }

    private Step result(DmMapio r) {
        tio.mapio = r;
        return RETURN;
    }

    private boolean excl() {
        return s.locking == SnapshotLocking.EXCLUSIVE;
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case LOCK_SNAPSHOT -> {
                    tio.perBioData = null; // init_tracked_chunk
                    if (bio.has(Bio.PREFLUSH)) {
                        bio.dev = s.cow;
                        return result(DmMapio.REMAPPED);
                    }
                    chunk = s.chunkOf(bio.sector);
                    if (!s.valid) {
                        return result(DmMapio.KILL);
                    }
                    pc = SNAPSHOT_LOCKED;
                    if (s.lockMap(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case SNAPSHOT_LOCKED -> {
                    boolean write = bio.op.isWrite();
                    if (!s.valid || (s.overflowed && write)) {
                        s.unlockMap(t);
                        return result(DmMapio.KILL);
                    }
                    Long e = s.complete.get(chunk);
                    if (e != null) {
                        s.remapToCow(bio, e);
                        s.unlockMap(t);
                        return result(DmMapio.REMAPPED);
                    }
                    if (!write) {
                        bio.dev = s.origin;
                        s.track(tio, chunk);
                        s.unlockMap(t);
                        return result(DmMapio.REMAPPED);
                    }
                    pe = s.pending.get(chunk);
                    if (pe != null) {
                        pc = REMAP_TO_PENDING;
                        continue;
                    }
                    if (excl()) {
                        s.lock.upWrite(t);
                    }
                    pc = PENDING_ALLOCATED;
                    newPe = new PendingException(s, chunk);
                    if (s.allocPending(t, newPe) == CALL) {
                        return CALL;
                    }
                }
                case PENDING_ALLOCATED -> {
                    pc = RELOCKED_AFTER_ALLOC;
                    if (excl() && s.lock.downWrite(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case RELOCKED_AFTER_ALLOC -> {
                    if (!s.valid || s.overflowed) {
                        s.freePending(newPe);
                        s.unlockMap(t);
                        return result(DmMapio.KILL);
                    }
                    Long e = s.complete.get(chunk);
                    if (e != null) {
                        s.freePending(newPe);
                        s.remapToCow(bio, e);
                        s.unlockMap(t);
                        return result(DmMapio.REMAPPED);
                    }
                    PendingException pe2 = s.pending.get(chunk);
                    if (pe2 != null) {
                        s.freePending(newPe);
                        pe = pe2;
                    } else {
                        pe = s.insertPending(newPe);
                        if (pe == null) {
                            if (s.store.userspaceSupportsOverflow()) {
                                s.overflowed = true; // "Snapshot overflowed: Unable to allocate exception."
                            } else {
                                s.invalidate("Invalidating snapshot: Unable to allocate exception.");
                            }
                            s.unlockMap(t);
                            return result(DmMapio.KILL);
                        }
                    }
                    pc = REMAP_TO_PENDING;
                }
                case REMAP_TO_PENDING -> {
                    s.remapToCow(bio, pe.newChunk);
                    if (!pe.started && bio.sectors == s.chunk) {
                        pe.started = true;
                        s.unlockMap(t);
                        pc = SUBMITTED;
                        return t.call(new StartCopy(s, pe, bio));
                    }
                    pe.snapshotBios.add(bio);
                    s.snapshotWritesHeld++;
                    if (!pe.started) {
                        pe.started = true;
                        s.unlockMap(t);
                        pc = SUBMITTED;
                        return t.call(new StartCopy(s, pe, null));
                    }
                    s.unlockMap(t);
                    pc = SUBMITTED;
                }
                case SUBMITTED -> {
                    return result(DmMapio.SUBMITTED);
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    @Override
    public String function() {
        return "snapshot_map(" + s.name + ")";
    }
}
