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
                case 0 -> {
                    if (!success) {
                        error = true;
                        s.invalidate("Invalidating snapshot: Error reading/writing.");
                    }
                    pc = 1;
                    // EXCLUSIVE: down_write(&s->lock); BUCKET: down_read(&s->lock) (bucket locks do not sleep)
                    if ((excl ? s.lock.downWrite(t) : s.lock.downRead(t)) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case 1 -> {
                    if (!error && !s.valid) {
                        error = true;
                    }
                    if (error) {
                        if (!excl) {
                            s.lock.upRead(t);
                        }
                        pc = 4;
                        continue;
                    }
                    if (excl) {
                        pc = 2;
                        return t.call(s.checkForConflictingIo(pe.oldChunk)); // holding s->lock
                    }
                    s.complete.put(pe.oldChunk, pe.newChunk);
                    s.lock.upRead(t);
                    pc = 3;
                    if (s.isTracked(pe.oldChunk)) {
                        return t.call(s.checkForConflictingIo(pe.oldChunk)); // no lock held
                    }
                }
                case 2 -> { // EXCLUSIVE, after the wait: add the proper exception
                    s.complete.put(pe.oldChunk, pe.newChunk);
                    pc = 4;
                }
                case 3 -> pc = 4;
                case 4 -> { // out: remove the in-flight exception, take its bios
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
                    pc = 5;
                }
                case 5 -> { // flush_bios(snapshot_bios) or error_bios(snapshot_bios)
                    Bio b = snapshotBios.pop();
                    if (b == null) {
                        pc = 6;
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
                case 6 -> { // retry_origin_bios(): do_origin() again, then generic_make_request if remapped
                    retry = originBios.pop();
                    if (retry == null) {
                        s.freePending(pe);
                        return RETURN;
                    }
                    pc = 7;
                    retrying = new DoOrigin(s.origins, s.origin, retry, null);
                    return t.call(retrying);
                }
                case 7 -> {
                    pc = 6;
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
