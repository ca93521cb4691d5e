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

    MergeNextChunks(DmSnapshot s) {
        this.s = s;
        this.ps = (PersistentStore) s.store;
        this.m = s.mergeState();
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case 0 -> {
                    long[] lm = s.valid ? ps.prepareMerge() : null;
                    if (lm == null) {
                        return shut(t);
                    }
                    n = (int) lm[2];
                    oldChunk = lm[0] + 1 - n;
                    newChunk = lm[1] + 1 - n;
                    destSector = oldChunk * s.chunk;
                    previousCount = s.origins.pendingExceptionsDoneCount;
                    pc = 1;
                }
                case 1 -> { // origin_write_extent(s, dest.sector, io_size)
                    extent = 0;
                    mustWait = false;
                    pc = 2;
                }
                case 2 -> {
                    long step = Math.max(1, s.origins.minimumChunk(s.origin));
                    if (extent >= n * s.chunk) {
                        pc = mustWait ? 4 : 5;
                        continue;
                    }
                    long sector = destSector + extent;
                    extent += step;
                    pc = 3;
                    extentWrite = new DoOrigin(s.origins, s.origin, sector, null, null);
                    return t.call(extentWrite);
                }
                case 3 -> {
                    if (extentWrite.result() == DmMapio.SUBMITTED) {
                        mustWait = true;
                    }
                    pc = 2;
                }
                case 4 -> { // wait_event(_pending_exceptions_done, count != previous_count)
                    s.origins.pendingExceptionsDone.finishWait(t);
                    if (s.origins.pendingExceptionsDoneCount == previousCount) {
                        return s.origins.pendingExceptionsDone.sleep(t, "wait_event");
                    }
                    previousCount = s.origins.pendingExceptionsDoneCount;
                    pc = 1;
                }
                case 5 -> {
                    pc = 6;
                    if (s.lock.downWrite(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case 6 -> {
                    m.firstMergingChunk = oldChunk;
                    m.numMergingChunks = n;
                    s.lock.upWrite(t);
                    waitI = 0;
                    pc = 7;
                }
                case 7 -> { // wait until writes to all the chunks drain
                    if (waitI < n) {
                        return t.call(s.checkForConflictingIo(oldChunk + waitI++));
                    }
                    long count = Math.min(n * s.chunk, s.origin.capacity - destSector);
                    Region src = new Region(s.cow, newChunk * s.chunk, count);
                    Region dst = new Region(s.origin, destSector, count);
                    m.steps++;
                    pc = 8;
                    if (s.kc.copy(t, src, List.of(dst), (w, re, we) -> new MergeCallback(re || we != 0))
                            == CALL) {
                        return CALL;
                    }
                }
                case 8 -> {
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

        MergeCallback(boolean failed) {
            this.failed = failed;
        }

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case 0 -> {
                        if (failed) {
                            m.failed = true;
                            pc = 3;
                            continue;
                        }
                        ps.commitMerge(n); // persistent_commit_merge: the area without them, written with FUA
                        pc = 1;
                        return t.call(s.kc.dmIo().sync(Op.WRITE, Bio.PREFLUSH | Bio.FUA,
                                List.of(ps.currentAreaRegion()), IoClass.METADATA_WRITE));
                    }
                    case 1 -> { // remove_single_exception_chunk(): down_write
                        pc = 2;
                        if (s.lock.downWrite(t) == SCHEDULE) {
                            return SCHEDULE;
                        }
                    }
                    case 2 -> {
                        for (int i = 0; i < n; i++) {
                            s.complete.remove(oldChunk + i);
                        }
                        m.chunksMerged += n;
                        m.firstMergingChunk = 0;
                        m.numMergingChunks = 0;
                        release = new BioList("bios released after merge", t);
                        release.merge(m.queuedDuringMerge);
                        s.lock.upWrite(t);
                        pc = 4;
                    }
                    case 3 -> { // shut: merge_failed, queued writes fail
                        Bio b;
                        while ((b = m.queuedDuringMerge.pop()) != null) {
                            BioOps.ioError(b);
                        }
                        return shut(t);
                    }
                    case 4 -> { // flush_bios(b)
                        Bio b = release.pop();
                        if (b == null) {
                            pc = 5;
                            continue;
                        }
                        if (Gmr.submit(t, b) == CALL) {
                            return CALL;
                        }
                    }
                    case 5 -> {
                        pc = 6;
                        return t.call(new MergeNextChunks(s));
                    }
                    case 6 -> {
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
