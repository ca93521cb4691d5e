package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs.SnapshotLocking;

/**
 * {@code pending_complete(pe, success)} on the kcopyd worker (drivers/md/dm-snap.c).
 * <ul>
 *   <li>{@code EXCLUSIVE} (v4.15): {@code down_write(&s->lock)}; {@code __check_for_conflicting_io()} — polling
 *       with {@code msleep(1)} <em>while holding the lock</em> until no read of the chunk is tracked; insert the
 *       completed exception; remove the pending one; {@code up_write}.</li>
 *   <li>{@code BUCKET} (v5.3+): {@code down_read} and the bucket locks; insert the completed exception (new reads
 *       go to the COW from now on); {@code up_read}; wait for tracked reads holding no lock (the bucket locks
 *       are dropped around {@code __check_for_conflicting_io}); remove the pending one.</li>
 * </ul>
 * Then, from the worker: end the whole-chunk write, {@code flush_bios(snapshot_bios)} (each with
 * {@code generic_make_request}, running the lower stack in the worker) and {@code retry_origin_bios()}
 * ({@code do_origin} again: another snapshot may still need a copy; if not, {@code generic_make_request}).
 */
final class PendingComplete extends Frame {
    private final DmSnapshot s;
    private final PendingException pe;
    private final boolean success;
    private boolean error;
    private BioList snapshotBios;
    private BioList originBios;
    private Bio fullBio;
    private Bio retry;
    private DoOrigin retrying;

    /** {@code pending_complete()}, v4.15/v5.3+: a failed copy invalidates; then {@code s->lock} (write/read). */
    private static final int LOCK_SNAPSHOT = 0;
    /** {@code pending_complete()}, v4.15/v5.3+: {@code s->lock} held: {@code !s->valid} check, then the insert. */
    private static final int SNAPSHOT_LOCKED = 1;
    /** {@code pending_complete()}, v4.15: {@code __check_for_conflicting_io()} returned, lock held: insert. */
    private static final int CONFLICTS_DRAINED_LOCKED = 2;
    /** {@code pending_complete()}, v5.3+: {@code __check_for_conflicting_io()} returned, no lock held. */
    private static final int CONFLICTS_DRAINED = 3;
    /** {@code pending_complete()}, v4.15/v5.3+: label {@code out}: {@code dm_remove_exception}, take the bios. */
    private static final int OUT = 4;
    /** {@code pending_complete()}, v4.15/v5.3+: {@code flush_bios(snapshot_bios)} or {@code error_bios()}. */
    private static final int FLUSH_SNAPSHOT_BIOS = 5;
    /** {@code retry_origin_bios()}, v4.15/v5.3+: {@code do_origin()} of the next origin bio. */
    private static final int RETRY_ORIGIN_BIOS = 6;
    /** {@code retry_origin_bios()}, v4.15/v5.3+: {@code do_origin()} returned; resubmit the bio if remapped. */
    private static final int DO_ORIGIN_RETURNED = 7;

    PendingComplete(DmSnapshot s, PendingException pe, boolean success) {
        this.s = s;
        this.pe = pe;
        this.success = success;
    }

    @Override
    public Step step(Task t) {
        boolean excl = s.locking == SnapshotLocking.EXCLUSIVE;
        while (true) {
            switch (pc) {
                case LOCK_SNAPSHOT -> {
                    if (!success) {
                        error = true;
                        s.invalidate("Invalidating snapshot: Error reading/writing.");
                    }
                    pc = SNAPSHOT_LOCKED;
                    // EXCLUSIVE: down_write(&s->lock); BUCKET: down_read(&s->lock) (bucket locks do not sleep)
                    if ((excl ? s.lock.downWrite(t) : s.lock.downRead(t)) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case SNAPSHOT_LOCKED -> {
                    if (!error && !s.valid) {
                        error = true;
                    }
                    if (error) {
                        if (!excl) {
                            s.lock.upRead(t);
                        }
                        pc = OUT;
                        continue;
                    }
                    if (excl) {
                        pc = CONFLICTS_DRAINED_LOCKED;
                        return t.call(s.checkForConflictingIo(pe.oldChunk)); // holding s->lock
                    }
                    s.complete.put(pe.oldChunk, pe.newChunk);
                    s.lock.upRead(t);
                    pc = CONFLICTS_DRAINED;
                    if (s.isTracked(pe.oldChunk)) {
                        return t.call(s.checkForConflictingIo(pe.oldChunk)); // no lock held
                    }
                }
                case CONFLICTS_DRAINED_LOCKED -> { // add the proper exception
                    s.complete.put(pe.oldChunk, pe.newChunk);
                    pc = OUT;
                }
                case CONFLICTS_DRAINED -> pc = OUT;
                case OUT -> { // remove the in-flight exception, take its bios
                    if (s.pending.get(pe.oldChunk) == pe) {
                        s.pending.remove(pe.oldChunk);
                    }
                    snapshotBios = new BioList("snapshot_bios being flushed", t);
                    snapshotBios.merge(pe.snapshotBios);
                    originBios = new BioList("origin_bios being retried", t);
                    originBios.merge(pe.originBios);
                    fullBio = pe.fullBio;
                    if (fullBio != null) {
                        fullBio.endIo = pe.fullBioEndIo;
                    }
                    if (!error) {
                        s.exceptionsCompleted++;
                    }
                    s.origins.pendingDone();
                    if (excl) {
                        s.lock.upWrite(t);
                    }
                    if (fullBio != null) {
                        if (error) {
                            BioOps.ioError(fullBio);
                        } else {
                            BioOps.endio(fullBio);
                        }
                    }
                    pc = FLUSH_SNAPSHOT_BIOS;
                }
                case FLUSH_SNAPSHOT_BIOS -> {
                    Bio b = snapshotBios.pop();
                    if (b == null) {
                        pc = RETRY_ORIGIN_BIOS;
                        continue;
                    }
                    if (error) {
                        BioOps.ioError(b);
                        continue;
                    }
                    s.countResubmit(b);
                    if (Gmr.submit(t, b) == CALL) {
                        return CALL;
                    }
                }
                case RETRY_ORIGIN_BIOS -> {
                    retry = originBios.pop();
                    if (retry == null) {
                        s.freePending(pe);
                        return RETURN;
                    }
                    pc = DO_ORIGIN_RETURNED;
                    retrying = new DoOrigin(s.origins, s.origin, retry, null);
                    return t.call(retrying);
                }
                case DO_ORIGIN_RETURNED -> {
                    pc = RETRY_ORIGIN_BIOS;
                    if (retrying.result() != DmMapio.REMAPPED) {
                        continue;
                    }
                    s.countResubmit(retry);
                    if (Gmr.submit(t, retry) == CALL) {
                        return CALL;
                    }
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    @Override
    public String function() {
        return "pending_complete(" + s.name + ")";
    }
}
