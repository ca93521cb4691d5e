package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.kcopyd.Region;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.List;

/**
 * The background merge of a snapshot-merge target (drivers/md/dm-snap.c, v4.15–v6.1):
 * {@code snapshot_merge_next_chunks()} and, as the kcopyd callback, {@code merge_callback()} →
 * {@code commit_merge} → {@code remove_single_exception_chunk()} → next chunks.
 * <ol>
 *   <li>{@code prepare_merge}: the last committed exceptions that are consecutive (one kcopyd copy of up to that
 *       many chunks from the COW device back to the origin).</li>
 *   <li>{@code origin_write_extent}: every other snapshot of the origin gets its own copy of those chunks first;
 *       if any copy had to be started, wait on {@code _pending_exceptions_done} and retry.</li>
 *   <li>Mark the chunks as merging (writes to them now queue), wait for tracked writes to them, copy.</li>
 *   <li>When the copy is done (on the kcopyd worker): write the shortened metadata area
 *       ({@code REQ_PREFLUSH | REQ_FUA}), drop the exceptions under {@code down_write}, resubmit the queued
 *       writes, and go on with the next chunks.</li>
 * </ol>
 * Runs first in the resuming task, then on the kcopyd worker.
 */
final class MergeNextChunks extends Frame {
    private final DmSnapshot s;
    private final PersistentStore ps;
    private final MergeState m;
    private long oldChunk;
    private long newChunk;
    private int n;
    private long destSector;
    private long extent;
    private boolean mustWait;
    private long previousCount;
    private int waitI;
    private DoOrigin extentWrite;

    /** {@code snapshot_merge_next_chunks()}, v4.15–v6.1: {@code prepare_merge()}, the copy's extent. */
    private static final int PREPARE_MERGE = 0;
    /** {@code origin_write_extent()}, v4.15–v6.1: {@code must_wait = 0}, from the extent's first sector. */
    private static final int ORIGIN_WRITE_EXTENT = 1;
    /** {@code origin_write_extent()}, v4.15–v6.1: {@code __origin_write()} of the next piece, or the loop ends. */
    private static final int EXTENT_NEXT_PIECE = 2;
    /** {@code origin_write_extent()}, v4.15–v6.1: {@code __origin_write()} returned; SUBMITTED sets must_wait. */
    private static final int EXTENT_PIECE_WRITTEN = 3;
    /** {@code snapshot_merge_next_chunks()}, v4.15–v6.1: {@code wait_event(_pending_exceptions_done, ...)}. */
    private static final int WAIT_PENDING_EXCEPTIONS_DONE = 4;
    /** {@code snapshot_merge_next_chunks()}, v4.15–v6.1: {@code down_write(&s->lock)} to mark the merging chunks. */
    private static final int LOCK_TO_MARK_MERGING = 5;
    /** {@code snapshot_merge_next_chunks()}, v4.15–v6.1: set {@code first_merging_chunk}, {@code up_write}. */
    private static final int MARK_MERGING = 6;
    /** {@code snapshot_merge_next_chunks()}, v4.15–v6.1: {@code __check_for_conflicting_io} per chunk, then copy. */
    private static final int DRAIN_WRITES_THEN_COPY = 7;
    /** {@code snapshot_merge_next_chunks()}, v4.15–v6.1: {@code dm_kcopyd_copy(..., merge_callback, s)} returned. */
    private static final int COPY_QUEUED = 8;

    MergeNextChunks(DmSnapshot s) {
        this.s = s;
        this.ps = (PersistentStore) s.store;
        this.m = s.mergeState();
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case PREPARE_MERGE -> {
                    long[] lm = s.valid ? ps.prepareMerge() : null;
                    if (lm == null) {
                        return shut(t);
                    }
                    n = (int) lm[2];
                    oldChunk = lm[0] + 1 - n;
                    newChunk = lm[1] + 1 - n;
                    destSector = oldChunk * s.chunk;
                    previousCount = s.origins.pendingExceptionsDoneCount;
                    pc = ORIGIN_WRITE_EXTENT;
                }
                case ORIGIN_WRITE_EXTENT -> {
                    extent = 0;
                    mustWait = false;
                    pc = EXTENT_NEXT_PIECE;
                }
                case EXTENT_NEXT_PIECE -> {
                    long step = Math.max(1, s.origins.minimumChunk(s.origin));
                    if (extent >= n * s.chunk) {
                        pc = mustWait ? WAIT_PENDING_EXCEPTIONS_DONE : LOCK_TO_MARK_MERGING;
                        continue;
                    }
                    long sector = destSector + extent;
                    extent += step;
                    pc = EXTENT_PIECE_WRITTEN;
                    extentWrite = new DoOrigin(s.origins, s.origin, sector, null, null);
                    return t.call(extentWrite);
                }
                case EXTENT_PIECE_WRITTEN -> {
                    if (extentWrite.result() == DmMapio.SUBMITTED) {
                        mustWait = true;
                    }
                    pc = EXTENT_NEXT_PIECE;
                }
                case WAIT_PENDING_EXCEPTIONS_DONE -> {
                    s.origins.pendingExceptionsDone.finishWait(t);
                    if (s.origins.pendingExceptionsDoneCount == previousCount) {
                        return s.origins.pendingExceptionsDone.sleep(t, "wait_event");
                    }
                    previousCount = s.origins.pendingExceptionsDoneCount;
                    pc = ORIGIN_WRITE_EXTENT;
                }
                case LOCK_TO_MARK_MERGING -> {
                    pc = MARK_MERGING;
                    if (s.lock.downWrite(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case MARK_MERGING -> {
                    m.firstMergingChunk = oldChunk;
                    m.numMergingChunks = n;
                    s.lock.upWrite(t);
                    waitI = 0;
                    pc = DRAIN_WRITES_THEN_COPY;
                }
                case DRAIN_WRITES_THEN_COPY -> { // wait until writes to all the chunks drain
                    if (waitI < n) {
                        return t.call(s.checkForConflictingIo(oldChunk + waitI++));
                    }
                    long count = Math.min(n * s.chunk, s.origin.capacity - destSector);
                    Region src = new Region(s.cow, newChunk * s.chunk, count);
                    Region dst = new Region(s.origin, destSector, count);
                    m.steps++;
                    pc = COPY_QUEUED;
                    if (s.kc.copy(t, src, List.of(dst), (w, re, we) -> new MergeCallback(re || we != 0))
                            == CALL) {
                        return CALL;
                    }
                }
                case COPY_QUEUED -> {
                    return RETURN;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /** {@code merge_shutdown()}: the merge is over (done, failed or the snapshot is invalid). */
    private Step shut(Task t) {
        m.running = false;
        m.finishedAt = s.kernel.sim.now();
        return RETURN;
    }

    /** {@code merge_callback()} on the kcopyd worker. */
    private final class MergeCallback extends Frame {
        private final boolean failed;
        private BioList release;

        /** {@code merge_callback()}, v4.15–v6.1: an error goes to {@code shut}; else {@code commit_merge()}. */
        private static final int COMMIT_MERGE = 0;
        /** {@code remove_single_exception_chunk()}, v4.15–v6.1: {@code down_write(&s->lock)}. */
        private static final int REMOVE_EXCEPTIONS = 1;
        /** {@code remove_single_exception_chunk()}, v4.15–v6.1: lock held: remove, release the queued bios. */
        private static final int REMOVE_EXCEPTIONS_LOCKED = 2;
        /** {@code merge_callback()}, v4.15–v6.1: label {@code shut}: merge failed, queued bios error. */
        private static final int SHUT = 3;
        /** {@code remove_single_exception_chunk()}, v4.15–v6.1: {@code flush_bios(b)} after {@code up_write}. */
        private static final int FLUSH_RELEASED_BIOS = 4;
        /** {@code merge_callback()}, v4.15–v6.1: {@code snapshot_merge_next_chunks(s)}. */
        private static final int NEXT_CHUNKS = 5;
        /** {@code merge_callback()}, v4.15–v6.1: {@code snapshot_merge_next_chunks()} returned. */
        private static final int NEXT_CHUNKS_RETURNED = 6;

        MergeCallback(boolean failed) {
            this.failed = failed;
        }

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case COMMIT_MERGE -> {
                        if (failed) {
                            m.failed = true;
                            pc = SHUT;
                            continue;
                        }
                        ps.commitMerge(n); // persistent_commit_merge: the area without them, written with FUA
                        pc = REMOVE_EXCEPTIONS;
                        return t.call(s.kc.dmIo().sync(Op.WRITE, Bio.PREFLUSH | Bio.FUA,
                                List.of(ps.currentAreaRegion()), IoClass.METADATA_WRITE));
                    }
                    case REMOVE_EXCEPTIONS -> {
                        pc = REMOVE_EXCEPTIONS_LOCKED;
                        if (s.lock.downWrite(t) == SCHEDULE) {
                            return SCHEDULE;
                        }
                    }
                    case REMOVE_EXCEPTIONS_LOCKED -> {
                        for (int i = 0; i < n; i++) {
                            s.complete.remove(oldChunk + i);
                        }
                        m.chunksMerged += n;
                        m.firstMergingChunk = 0;
                        m.numMergingChunks = 0;
                        release = new BioList("bios released after merge", t);
                        release.merge(m.queuedDuringMerge);
                        s.lock.upWrite(t);
                        pc = FLUSH_RELEASED_BIOS;
                    }
                    case SHUT -> { // queued writes fail
                        Bio b;
                        while ((b = m.queuedDuringMerge.pop()) != null) {
                            BioOps.ioError(b);
                        }
                        return shut(t);
                    }
                    case FLUSH_RELEASED_BIOS -> {
                        Bio b = release.pop();
                        if (b == null) {
                            pc = NEXT_CHUNKS;
                            continue;
                        }
                        if (Gmr.submit(t, b) == CALL) {
                            return CALL;
                        }
                    }
                    case NEXT_CHUNKS -> {
                        pc = NEXT_CHUNKS_RETURNED;
                        return t.call(new MergeNextChunks(s));
                    }
                    case NEXT_CHUNKS_RETURNED -> {
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "merge_callback(" + s.name + ")";
        }
    }

    @Override
    public String function() {
        return "snapshot_merge_next_chunks(" + s.name + ")";
    }
}
