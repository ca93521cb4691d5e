package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code commit()} → {@code dm_pool_commit_metadata} (drivers/md/dm-thin.c, dm-thin-metadata.c v6.1), with
 * {@code pmd->root_lock} held for writing throughout (so every {@code thin_bio_map} lookup waits for it): the
 * pre-commit callback flushes the data device ({@code blkdev_issue_flush}, 694cfe7f31db, v5.2), then
 * {@code __commit_transaction} writes the dirty metadata blocks and flushes the metadata device
 * ({@code dm_tm_pre_commit}), writes the superblock and flushes again ({@code dm_tm_commit}). As in the captured
 * kernel trace: {@code W} of each dirty block, {@code FWS}, {@code W 0+8}, {@code FWS} on the metadata device,
 * after one {@code FWS} on the data device, each step after the previous one completed: both flushes come from
 * {@code dm_bufio_write_dirty_buffers}, which waits for every write it submitted before
 * {@code dm_bufio_issue_flush}. Between the steps the worker spends CPU time ({@link CommitCpu}, learnt from a
 * trace; none otherwise): on the captured 6.1 kernel about 0.4 ms before the first block write and 0.1 ms before
 * the superblock, a third of the commit.
 */
final class CommitFrame extends Frame {
    private final ThinPool pool;

    /** {@code dm_pool_commit_metadata()}, v6.1: {@code down_write(&pmd->root_lock)}. */
    private static final int LOCK_ROOT = 0;
    /** {@code __commit_transaction()} pre-commit callback, v6.1: {@code blkdev_issue_flush()} of the data device. */
    private static final int FLUSH_DATA_DEVICE = 1;
    /** {@code __commit_transaction()}, v6.1: {@code __write_changed_details}, {@code dm_sm_commit} (CPU). */
    private static final int CHANGED_DETAILS = 2;
    /**
     * {@code dm_tm_pre_commit()} → {@code dm_bufio_write_dirty_buffers()}, v6.1: the dirty blocks under a plug,
     * then a wait for all of them.
     */
    private static final int WRITE_DIRTY = 3;
    /** {@code dm_bufio_write_dirty_buffers()}, v6.1: written; CPU until the flush. */
    private static final int DIRTY_WRITTEN = 4;
    /** {@code dm_bufio_write_dirty_buffers()} → {@code dm_bufio_issue_flush()}, v6.1. */
    private static final int PRE_COMMIT_FLUSH = 5;
    /** {@code save_sm_roots}, {@code superblock_lock}, {@code __copy_sm_root} (CPU), v6.1. */
    private static final int SUPERBLOCK_CPU = 6;
    /** {@code dm_tm_commit()} → {@code dm_bm_flush()}, v6.1: the superblock, then a wait for it. */
    private static final int WRITE_SUPERBLOCK = 7;
    /** {@code dm_bufio_write_dirty_buffers()}, v6.1: the superblock written; CPU until the flush. */
    private static final int SUPERBLOCK_WRITTEN = 8;
    /** {@code dm_bufio_write_dirty_buffers()} → {@code dm_bufio_issue_flush()}, v6.1. */
    private static final int COMMIT_FLUSH = 9;
    /** {@code dm_pool_commit_metadata()}, v6.1: committed, {@code up_write} (the {@code default} branch). */
    private static final int COMMITTED = 10;

    CommitFrame(ThinPool pool) {
        this.pool = pool;
    }

    @Override
    public Step step(Task t) {
        CommitCpu cpu = pool.commitCpu;
        switch (pc) {
            case LOCK_ROOT -> {
                pc = FLUSH_DATA_DEVICE;
                if (pool.rootLock.downWrite(t) != RETURN) {
                    return SCHEDULE;
                }
                return step(t);
            }
            case FLUSH_DATA_DEVICE -> {
                pc = CHANGED_DETAILS;
                pool.stats.dataFlushes++;
                return t.call(flush(pool.dataDev, "blkdev_issue_flush"));
            }
            case CHANGED_DETAILS -> {
                pc = WRITE_DIRTY;
                return cpu(t, cpu.beforeWrites());
            }
            case WRITE_DIRTY -> {
                pc = DIRTY_WRITTEN;
                long[] blocks = pool.meta.commitBlocks();
                List<SyncIo.Req> w = new ArrayList<>();
                for (long b : blocks) {
                    w.add(new SyncIo.Req(pool.metaDev, Op.WRITE, b * ThinMetadata.METADATA_BLOCK_SECTORS,
                            ThinMetadata.METADATA_BLOCK_SECTORS, 0));
                }
                pool.stats.metadataWrites += blocks.length;
                return t.call(new SyncIo(pool, w, "dm_bufio_write_dirty_buffers", true, cpu.perWrite()));
            }
            case DIRTY_WRITTEN -> {
                pc = PRE_COMMIT_FLUSH;
                return cpu(t, cpu.beforeFlush());
            }
            case PRE_COMMIT_FLUSH -> {
                pc = SUPERBLOCK_CPU;
                pool.stats.metadataFlushes++;
                return t.call(flush(pool.metaDev, "dm_bufio_issue_flush"));
            }
            case SUPERBLOCK_CPU -> {
                pc = WRITE_SUPERBLOCK;
                return cpu(t, cpu.beforeSuperblock());
            }
            case WRITE_SUPERBLOCK -> {
                pc = SUPERBLOCK_WRITTEN;
                pool.stats.superblockWrites++;
                return t.call(new SyncIo(pool, List.of(new SyncIo.Req(pool.metaDev, Op.WRITE, 0,
                        ThinMetadata.METADATA_BLOCK_SECTORS, 0)), "dm_bufio_write_dirty_buffers", true, 0));
            }
            case SUPERBLOCK_WRITTEN -> {
                pc = COMMIT_FLUSH;
                return cpu(t, cpu.beforeSecondFlush());
            }
            case COMMIT_FLUSH -> {
                pc = COMMITTED;
                pool.stats.metadataFlushes++;
                return t.call(flush(pool.metaDev, "dm_bufio_issue_flush"));
            }
            default -> {
                pool.meta.committed();
                pool.stats.commits++;
                pool.rootLock.upWrite(t);
                return RETURN;
            }
        }
    }

    /** The worker's CPU time between two steps; none goes on at once. */
    private Step cpu(Task t, long ns) {
        return ns > 0 ? t.consumeCpu(ns) : step(t);
    }

    /** An empty {@code REQ_PREFLUSH | REQ_SYNC} write of {@code dev}, waited for. */
    private SyncIo flush(dev.dmreplay.replay.block.BlockDevice dev, String what) {
        return new SyncIo(pool, List.of(new SyncIo.Req(dev, Op.WRITE, 0, 0, Bio.PREFLUSH | Bio.SYNC)), what);
    }

    @Override
    public String function() {
        return "dm_pool_commit_metadata";
    }
}
