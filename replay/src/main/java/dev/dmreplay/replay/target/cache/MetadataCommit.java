package dev.dmreplay.replay.target.cache;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code commit()} → {@code dm_cache_commit} → {@code __commit_transaction} (drivers/md/dm-cache-metadata.c v6.1),
 * run by the batcher's {@code __commit} on the cache workqueue: the changed metadata blocks are written through
 * dm-bufio and the metadata device flushed ({@code dm_tm_pre_commit}), then the superblock is written and the
 * device flushed again ({@code dm_tm_commit}); the worker sleeps for each group as dm-bufio's
 * {@code dm_bufio_write_dirty_buffers} does. As in the captured trace: {@code W} of each block, {@code FWS},
 * {@code W} of the superblock, {@code FWS}. The bios go through the whole model below (here: the linear metadata
 * device and its disk) and are counted as {@link IoClass#METADATA_WRITE}.
 */
final class MetadataCommit extends Frame {
    /** __commit_transaction() → dm_tm_pre_commit(), v6.1: the changed metadata blocks, then a flush. */
    private static final int PRE_COMMIT = 0;
    /** dm_bufio_write_dirty_buffers() for dm_tm_pre_commit(), v6.1: submit the block writes and the flush. */
    private static final int PRE_COMMIT_WRITE = 1;
    /** dm_bufio_write_dirty_buffers() for dm_tm_pre_commit(), v6.1: wait for them; then dm_tm_commit(). */
    private static final int PRE_COMMIT_WAIT = 2;
    /** dm_tm_commit() → dm_bm_flush(), v6.1: submit the superblock write and the flush. */
    private static final int COMMIT_WRITE = 3;
    /** dm_tm_commit() → dm_bm_flush(), v6.1: wait for them; the transaction is committed. */
    private static final int COMMIT_WAIT = 4;

    private final Cache cache;
    private final List<Bio> inFlight = new ArrayList<>();
    private final WaitQueue wait;
    private List<long[]> group;
    private int next;

    MetadataCommit(Cache cache) {
        this.cache = cache;
        this.wait = new WaitQueue("dm_bufio_write_dirty_buffers of " + cache.name, () -> new ArrayList<>(inFlight));
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case PRE_COMMIT -> {
                    group = new ArrayList<>();
                    for (long b : cache.meta.commitBlocks()) {
                        group.add(new long[] {b * CacheMetadata.BLOCK_SECTORS, CacheMetadata.BLOCK_SECTORS, 0});
                    }
                    group.add(new long[] {0, 0, Bio.PREFLUSH | Bio.SYNC});
                    next = 0;
                    pc = PRE_COMMIT_WRITE;
                }
                case PRE_COMMIT_WRITE, COMMIT_WRITE -> {
                    while (next < group.size()) {
                        long[] r = group.get(next++);
                        if (Gmr.submit(t, bio(r)) == CALL) {
                            return CALL;
                        }
                    }
                    pc = pc == PRE_COMMIT_WRITE ? PRE_COMMIT_WAIT : COMMIT_WAIT;
                }
                case PRE_COMMIT_WAIT, COMMIT_WAIT -> {
                    if (!inFlight.isEmpty()) {
                        return wait.sleep(t, "wait_for_completion_io");
                    }
                    if (pc == COMMIT_WAIT) {
                        cache.meta.committed();
                        return RETURN;
                    }
                    // dm_tm_commit: the superblock, then the flush
                    group = List.of(new long[] {0, CacheMetadata.BLOCK_SECTORS, 0},
                            new long[] {0, 0, Bio.PREFLUSH | Bio.SYNC});
                    next = 0;
                    pc = COMMIT_WRITE;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    private Bio bio(long[] r) {
        Bio b = cache.metaDev.layer.newBio();
        b.dev = cache.metaDev;
        b.op = Op.WRITE;
        b.sector = r[0];
        b.sectors = (int) r[1];
        b.flags = (int) r[2];
        b.segments = Math.max(1, b.sectors / 8);
        b.submitTime = cache.kernel.sim.now();
        b.endIo = done -> {
            inFlight.remove(done);
            if (inFlight.isEmpty()) {
                wait.wakeAll();
            }
        };
        inFlight.add(b);
        DmIoClient.countInto(cache.metadataIo, b, IoClass.METADATA_WRITE);
        return b;
    }

    @Override
    public String function() {
        return pc <= PRE_COMMIT_WAIT ? "dm_tm_pre_commit" : "dm_tm_commit";
    }
}
