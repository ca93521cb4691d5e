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
                case 0 -> { // down_read(&_origins_lock); o = __lookup_origin(origin->bdev)
                    pc = 1;
                    if (origins.lock.downRead(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case 1 -> {
                    snaps = List.copyOf(origins.snapshots(originDev));
                    pc = 2;
                }
                case 2 -> { // list_for_each_entry(snap, snapshots, list)
                    if (i >= snaps.size()) {
                        pc = 20;
                        continue;
                    }
                    snap = snaps.get(i);
                    if (snap.merge || sector >= snap.len) {
                        i++;
                        continue;
                    }
                    chunk = snap.chunkOf(sector);
                    pe = null;
                    pc = 3;
                    if (snap.lockMap(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case 3 -> {
                    if (!snap.valid || !snap.active) {
                        pc = 9;
                        continue;
                    }
                    pe = snap.pending.get(chunk);
                    if (pe != null) {
                        pc = 8;
                        continue;
                    }
                    if (snap.complete.containsKey(chunk)) {
                        pc = 9;
                        continue;
                    }
                    // EXCLUSIVE drops s->lock around the allocation; BUCKET keeps the read lock (bucket lock dropped)
                    if (snap.locking == SnapshotLocking.EXCLUSIVE) {
                        snap.lock.upWrite(t);
                    }
                    pc = 4;
                    newPe = new PendingException(snap, chunk);
                    if (snap.allocPending(t, newPe) == CALL) {
                        return CALL;
                    }
                }
                case 4 -> {
                    pc = 5;
                    if (snap.locking == SnapshotLocking.EXCLUSIVE && snap.lock.downWrite(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case 5 -> {
                    if (!snap.valid) {
                        snap.freePending(newPe);
                        pc = 9;
                        continue;
                    }
                    PendingException pe2 = snap.pending.get(chunk);
                    if (pe2 != null) {
                        snap.freePending(newPe);
                        pe = pe2;
                        pc = 8;
                        continue;
                    }
                    if (snap.complete.containsKey(chunk)) {
                        snap.freePending(newPe);
                        pc = 9;
                        continue;
                    }
                    pe = snap.insertPending(newPe);
                    if (pe == null) { // the COW device is full: the snapshot is invalidated
                        snap.invalidate("Invalidating snapshot: Unable to allocate exception.");
                        pc = 9;
                        continue;
                    }
                    pc = 8;
                }
                case 8 -> {
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
                    pc = 9;
                }
                case 9 -> { // next_snapshot: unlock, start the copy of an exception not holding the bio
                    snap.unlockMap(t);
                    i++;
                    pc = 2;
                    if (toStartNow != null) {
                        PendingException p = toStartNow;
                        toStartNow = null;
                        return t.call(new StartCopy(snap, p, null));
                    }
                }
                case 20 -> {
                    pc = 21;
                    if (toStartLast != null) {
                        return t.call(new StartCopy(toStartLast.snap, toStartLast, null));
                    }
                }
                case 21 -> {
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
