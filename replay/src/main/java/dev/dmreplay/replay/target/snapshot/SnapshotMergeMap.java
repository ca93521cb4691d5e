package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code snapshot_merge_map()} (drivers/md/dm-snap.c, v4.15–v6.1; {@code down_write(&s->lock)} in every era): a
 * snapshot-merge device behaves like the origin with the snapshot's exceptions still applied. Flushes are sent twice
 * ({@code num_flush_bios} = 2): the first to the origin, the second to the COW device. Chunks that still have an
 * exception are remapped to the COW device (writes tracked, so the merge waits for them), except writes to the
 * chunks being merged right now, which wait on {@code bios_queued_during_merge} until that merge step commits;
 * everything else goes to the origin, writes through {@code do_origin()} (other snapshots may need a copy).
 */
final class SnapshotMergeMap extends Frame {
    private final DmSnapshot s;
    private final TargetIo tio;
    private final Bio bio;

    /** {@code snapshot_merge_map()}, v4.15–v6.1: flushes and discards, then {@code down_write(&s->lock)}. */
    private static final int LOCK_SNAPSHOT = 0;
    /** {@code snapshot_merge_map()}, v4.15–v6.1: lock held: exception lookup, merge queue or origin. */
    private static final int SNAPSHOT_LOCKED = 1;
    /** {@code snapshot_merge_map()}, v4.15–v6.1: {@code do_origin()} returned (its result is in the tio). */
    private static final int DO_ORIGIN_RETURNED = 2;

    SnapshotMergeMap(DmSnapshot s, TargetIo tio) {
        this.s = s;
        this.tio = tio;
        this.bio = tio.clone;
    }

    private Step result(DmMapio r) {
        tio.mapio = r;
        return RETURN;
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case LOCK_SNAPSHOT -> {
                    tio.perBioData = null;
                    if (bio.has(Bio.PREFLUSH)) {
                        bio.dev = tio.targetBioNr == 0 ? s.origin : s.cow;
                        return result(DmMapio.REMAPPED);
                    }
                    if (bio.op == Op.DISCARD) {
                        BioOps.endio(bio);
                        return result(DmMapio.SUBMITTED);
                    }
                    pc = SNAPSHOT_LOCKED;
                    if (s.lock.downWrite(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case SNAPSHOT_LOCKED -> {
                    long chunk = s.chunkOf(bio.sector);
                    boolean write = bio.op.isWrite();
                    Long e = s.valid ? s.complete.get(chunk) : null;
                    if (e != null) {
                        MergeState m = s.mergeState();
                        if (write && chunk >= m.firstMergingChunk
                                && chunk < m.firstMergingChunk + m.numMergingChunks) {
                            bio.dev = s.origin;
                            m.queuedDuringMerge.add(bio);
                            m.writesQueued++;
                            s.lock.upWrite(t);
                            return result(DmMapio.SUBMITTED);
                        }
                        s.remapToCow(bio, e);
                        if (write) {
                            s.track(tio, chunk);
                        }
                        s.lock.upWrite(t);
                        return result(DmMapio.REMAPPED);
                    }
                    bio.dev = s.origin; // redirect_to_origin
                    s.lock.upWrite(t);
                    if (!write) {
                        return result(DmMapio.REMAPPED);
                    }
                    pc = DO_ORIGIN_RETURNED;
                    return t.call(new DoOrigin(s.origins, s.origin, bio, tio));
                }
                case DO_ORIGIN_RETURNED -> {
                    return RETURN; // do_origin left its DM_MAPIO_* in tio.mapio
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    @Override
    public String function() {
        return "snapshot_merge_map(" + s.name + ")";
    }
}
