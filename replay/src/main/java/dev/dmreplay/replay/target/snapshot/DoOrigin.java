package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs.SnapshotLocking;
import java.util.List;

/**
 * {@code do_origin()} → {@code __origin_write(snapshots, sector, bio)} (drivers/md/dm-snap.c; v4.15 and v5.3+
 * differ only in the lock mode): for every non-merging snapshot of the origin that covers the sector, make sure
 * the chunk has a completed or pending exception, creating and starting one if not; the bio waits on the first
 * pending exception that needs work ({@code pe->origin_bios}), and that exception's copy is started last "to give
 * the other exceptions a head start". {@link #result()}: {@code DM_MAPIO_REMAPPED} (nothing to wait for) or
 * {@code DM_MAPIO_SUBMITTED} (held). With a {@code TargetIo} (called from a map) the result also goes to its
 * {@code mapio}.
 *
 * <p>May sleep: {@code down_read(&_origins_lock)}, each snapshot's lock, {@code alloc_pending_exception}
 * ({@code mempool_alloc(GFP_NOIO)}), {@code start_copy}. {@code bio} may be null
 * ({@code origin_write_extent} of a merge).
 */
final class DoOrigin extends Frame {
    private final Origins origins;
    private final BlockDevice originDev;
    private final long sector;
    private Bio bio;
    private List<DmSnapshot> snaps;
    private int i;
    private DmMapio r = DmMapio.REMAPPED;
    private DmSnapshot snap;
    private long chunk;
    private PendingException pe;
    private PendingException newPe;
    private PendingException toStartNow;
    private PendingException toStartLast;

    private final TargetIo tio;

    /** {@code do_origin()}, v4.15/v5.3+: {@code down_read(&_origins_lock)} (the frame's first state). */
    private static final int LOCK_ORIGINS = 0;
    /** {@code do_origin()}, v4.15/v5.3+: {@code _origins_lock} held, {@code __lookup_origin()}. */
    private static final int LOOKUP_ORIGIN = 1;
    /** {@code __origin_write()}, v4.15/v5.3+: {@code list_for_each_entry(snap, ...)}, then {@code snap->lock}. */
    private static final int FOR_EACH_SNAPSHOT = 2;
    /** {@code __origin_write()}, v4.15/v5.3+: {@code snap->lock} held: look up the pending, then completed table. */
    private static final int SNAPSHOT_LOCKED = 3;
    /** {@code __origin_write()}, v4.15/v5.3+: {@code alloc_pending_exception()} returned; v4.15 retakes the lock. */
    private static final int PENDING_ALLOCATED = 4;
    /** {@code __origin_write()}, v4.15/v5.3+: relocked: {@code pe2} lookup, then {@code __insert_pending_exception}. */
    private static final int RELOCKED_AFTER_ALLOC = 5;
    /** {@code __origin_write()}, v4.15/v5.3+: {@code r = DM_MAPIO_SUBMITTED}: the bio onto {@code pe->origin_bios}. */
    private static final int QUEUE_ON_PENDING = 8;
    /** {@code __origin_write()}, v4.15/v5.3+: {@code next_snapshot:} unlock, start {@code pe_to_start_now}. */
    private static final int NEXT_SNAPSHOT = 9;
    /** {@code __origin_write()}, v4.15/v5.3+: after the loop, {@code start_copy(pe_to_start_last)}. */
    private static final int START_LAST = 20;
    /** {@code do_origin()}, v4.15/v5.3+: {@code up_read(&_origins_lock)}, return {@code r}. */
    private static final int UNLOCK_ORIGINS = 21;

    DoOrigin(Origins origins, BlockDevice originDev, Bio bio, TargetIo tio) {
        this(origins, originDev, bio.sector, bio, tio);
    }

    DoOrigin(Origins origins, BlockDevice originDev, long sector, Bio bio, TargetIo tio) {
        this.origins = origins;
        this.originDev = originDev;
        this.sector = sector;
        this.bio = bio;
        this.tio = tio;
    }

    /** What {@code do_origin} returned (valid once the frame has returned). */
    DmMapio result() {
        return r;
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case LOCK_ORIGINS -> {
                    pc = LOOKUP_ORIGIN;
                    if (origins.lock.downRead(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case LOOKUP_ORIGIN -> {
                    snaps = List.copyOf(origins.snapshots(originDev));
                    pc = FOR_EACH_SNAPSHOT;
                }
                case FOR_EACH_SNAPSHOT -> {
                    if (i >= snaps.size()) {
                        pc = START_LAST;
                        continue;
                    }
                    snap = snaps.get(i);
                    if (snap.merge || sector >= snap.len) {
                        i++;
                        continue;
                    }
                    chunk = snap.chunkOf(sector);
                    pe = null;
                    pc = SNAPSHOT_LOCKED;
                    if (snap.lockMap(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case SNAPSHOT_LOCKED -> {
                    if (!snap.valid || !snap.active) {
                        pc = NEXT_SNAPSHOT;
                        continue;
                    }
                    pe = snap.pending.get(chunk);
                    if (pe != null) {
                        pc = QUEUE_ON_PENDING;
                        continue;
                    }
                    if (snap.complete.containsKey(chunk)) {
                        pc = NEXT_SNAPSHOT;
                        continue;
                    }
                    // EXCLUSIVE drops s->lock around the allocation; BUCKET keeps the read lock (bucket lock dropped)
                    if (snap.locking == SnapshotLocking.EXCLUSIVE) {
                        snap.lock.upWrite(t);
                    }
                    pc = PENDING_ALLOCATED;
                    newPe = new PendingException(snap, chunk);
                    if (snap.allocPending(t, newPe) == CALL) {
                        return CALL;
                    }
                }
                case PENDING_ALLOCATED -> {
                    pc = RELOCKED_AFTER_ALLOC;
                    if (snap.locking == SnapshotLocking.EXCLUSIVE && snap.lock.downWrite(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case RELOCKED_AFTER_ALLOC -> {
                    if (!snap.valid) {
                        snap.freePending(newPe);
                        pc = NEXT_SNAPSHOT;
                        continue;
                    }
                    PendingException pe2 = snap.pending.get(chunk);
                    if (pe2 != null) {
                        snap.freePending(newPe);
                        pe = pe2;
                        pc = QUEUE_ON_PENDING;
                        continue;
                    }
                    if (snap.complete.containsKey(chunk)) {
                        snap.freePending(newPe);
                        pc = NEXT_SNAPSHOT;
                        continue;
                    }
                    pe = snap.insertPending(newPe);
                    if (pe == null) { // the COW device is full: the snapshot is invalidated
                        snap.invalidate("Invalidating snapshot: Unable to allocate exception.");
                        pc = NEXT_SNAPSHOT;
                        continue;
                    }
                    pc = QUEUE_ON_PENDING;
                }
                case QUEUE_ON_PENDING -> {
                    r = DmMapio.SUBMITTED;
                    if (bio != null) {
                        pe.originBios.add(bio);
                        snap.originWritesHeld++;
                        bio = null;
                        if (!pe.started) {
                            pe.started = true;
                            toStartLast = pe;
                        }
                    }
                    if (!pe.started) {
                        pe.started = true;
                        toStartNow = pe;
                    }
                    pc = NEXT_SNAPSHOT;
                }
                case NEXT_SNAPSHOT -> { // start the copy of an exception not holding the bio
                    snap.unlockMap(t);
                    i++;
                    pc = FOR_EACH_SNAPSHOT;
                    if (toStartNow != null) {
                        PendingException p = toStartNow;
                        toStartNow = null;
                        return t.call(new StartCopy(snap, p, null));
                    }
                }
                case START_LAST -> {
                    pc = UNLOCK_ORIGINS;
                    if (toStartLast != null) {
                        return t.call(new StartCopy(toStartLast.snap, toStartLast, null));
                    }
                }
                case UNLOCK_ORIGINS -> {
                    origins.lock.upRead(t);
                    if (tio != null) {
                        tio.mapio = r;
                    }
                    return RETURN;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    @Override
    public String function() {
        return "__origin_write";
    }
}
