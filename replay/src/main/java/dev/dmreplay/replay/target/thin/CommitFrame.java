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
 * after one {@code FWS} on the data device.
 */
final class CommitFrame extends Frame {
    private final ThinPool pool;

    /** {@code dm_pool_commit_metadata()}, v6.1: {@code down_write(&pmd->root_lock)}. */
    private static final int LOCK_ROOT = 0;
    /** {@code __commit_transaction()} pre-commit callback, v6.1: {@code blkdev_issue_flush()} of the data device. */
    private static final int FLUSH_DATA_DEVICE = 1;
    /** {@code __commit_transaction()} → {@code dm_tm_pre_commit()}, v6.1: dirty blocks, then a metadata flush. */
    private static final int PRE_COMMIT = 2;
    /** {@code __commit_transaction()} → {@code dm_tm_commit()}, v6.1: the superblock, then a metadata flush. */
    private static final int COMMIT_SUPERBLOCK = 3;
    /** {@code dm_pool_commit_metadata()}, v6.1: committed, {@code up_write} (the {@code default} branch). */
    private static final int COMMITTED = 4;

    CommitFrame(ThinPool pool) {
        this.pool = pool;
    }

    @Override
    public Step step(Task t) {
        switch (pc) {
            case LOCK_ROOT -> {
                pc = FLUSH_DATA_DEVICE;
                if (pool.rootLock.downWrite(t) != RETURN) {
                    return SCHEDULE;
                }
                return step(t);
            }
            case FLUSH_DATA_DEVICE -> {
                pc = PRE_COMMIT;
                pool.stats.dataFlushes++;
                return t.call(new SyncIo(pool, List.of(new SyncIo.Req(pool.dataDev, Op.WRITE, 0, 0,
                        Bio.PREFLUSH | Bio.SYNC)), "blkdev_issue_flush"));
            }
            case PRE_COMMIT -> {
                pc = COMMIT_SUPERBLOCK;
                long[] blocks = pool.meta.commitBlocks();
                List<SyncIo.Req> w = new ArrayList<>();
                for (long b : blocks) {
                    w.add(new SyncIo.Req(pool.metaDev, Op.WRITE, b * ThinMetadata.METADATA_BLOCK_SECTORS,
                            ThinMetadata.METADATA_BLOCK_SECTORS, 0));
                }
                pool.stats.metadataWrites += blocks.length;
                pool.stats.metadataFlushes++;
                w.add(new SyncIo.Req(pool.metaDev, Op.WRITE, 0, 0, Bio.PREFLUSH | Bio.SYNC));
                return t.call(new SyncIo(pool, w, "dm_tm_pre_commit"));
            }
            case COMMIT_SUPERBLOCK -> {
                pc = COMMITTED;
                pool.stats.superblockWrites++;
                pool.stats.metadataFlushes++;
                return t.call(new SyncIo(pool, List.of(
                        new SyncIo.Req(pool.metaDev, Op.WRITE, 0, ThinMetadata.METADATA_BLOCK_SECTORS, 0),
                        new SyncIo.Req(pool.metaDev, Op.WRITE, 0, 0, Bio.PREFLUSH | Bio.SYNC)), "dm_tm_commit"));
            }
            default -> {
                pool.meta.committed();
                pool.stats.commits++;
                pool.rootLock.upWrite(t);
                return RETURN;
            }
        }
    }

    @Override
    public String function() {
        return "dm_pool_commit_metadata";
    }
}
