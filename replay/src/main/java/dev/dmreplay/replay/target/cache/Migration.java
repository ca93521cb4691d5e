package dev.dmreplay.replay.target.cache;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.EndIo;
import dev.dmreplay.replay.block.PoolElement;
import dev.dmreplay.replay.block.Servicer;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import java.util.List;

/**
 * {@code struct dm_cache_migration} (drivers/md/dm-cache-target.c v6.1), an element of the cache's
 * {@code migration_pool}: the policy's work, the whole-block write that replaces the copy of a promotion
 * ({@code overwrite_bio}), the prison cell it holds, and its continuation ({@code struct continuation}: the next
 * step, queued on the cache's workqueue as the kernel queues {@code mg->k.ws}). An invalidation (passthrough mode's
 * write to a cached block, {@code invalidate_start}) has no policy work: {@link #op} is null and the blocks are in
 * {@link #invalidateOblock} and {@link #invalidateCblock}, as in the kernel's migration.
 */
final class Migration extends PoolElement implements Servicer {
    /** The continuation functions of the migration state machine (the kernel's {@code mg_*} steps). */
    enum Next {
        /** {@code mg_copy}: issue the overwrite bio, or the kcopyd copy, or skip the copy. */
        COPY,
        /** {@code mg_upgrade_lock}: after the copy, lock reads out too. */
        UPGRADE_LOCK,
        /** {@code mg_update_metadata}. */
        UPDATE_METADATA,
        /** {@code mg_update_metadata_after_copy}: after the overwrite bio completed. */
        UPDATE_METADATA_AFTER_COPY,
        /** {@code mg_success}: after the commit a demotion waits for. */
        SUCCESS,
        /** {@code invalidate_remove}: drop the mapping from the policy and the metadata, then commit. */
        INVALIDATE_REMOVE,
        /** {@code invalidate_committed} (4ca8b8bd952d): after the commit, the write goes to the origin. */
        INVALIDATE_COMMITTED,
        /** {@code invalidate_completed}: after the write ended, unlock and end it. */
        INVALIDATE_COMPLETED
    }

    final Cache cache;
    final PolicyWork op;
    final Bio overwrite;
    final long invalidateOblock;
    final long invalidateCblock;
    EndIo savedEndIo;
    BlockLock cell;
    /** {@code mg->k.input}: an I/O error of the copy or the overwrite. */
    boolean failed;
    Next next;
    final WorkItem work;

    Migration(Cache cache, PolicyWork op, Bio overwrite) {
        this(cache, op, overwrite, op.oblock(), op.cblock());
    }

    private Migration(Cache cache, PolicyWork op, Bio overwrite, long oblock, long cblock) {
        this.cache = cache;
        this.op = op;
        this.overwrite = overwrite;
        this.invalidateOblock = op == null ? oblock : -1;
        this.invalidateCblock = op == null ? cblock : -1;
        this.work = new WorkItem(kind().toLowerCase(java.util.Locale.ROOT) + " of origin block " + oblock + " ("
                + cache.name + ")", () -> new ContinuationFrame(this));
    }

    /** {@code invalidate_start}'s migration: the write {@code bio} to origin block {@code oblock}, cached in {@code cblock}. */
    static Migration invalidation(Cache cache, long oblock, long cblock, Bio bio) {
        return new Migration(cache, null, bio, oblock, cblock);
    }

    private String kind() {
        return op == null ? "INVALIDATE" : op.op().name();
    }

    @Override
    public String label() {
        return "migration (" + kind() + " origin block " + (op == null ? invalidateOblock : op.oblock())
                + " cache block " + (op == null ? invalidateCblock : op.cblock()) + ") of " + cache.name;
    }

    @Override
    public String serviceName() {
        return label();
    }

    @Override
    public List<Object> waitsFor() {
        return List.of(work);
    }

    /** One run of the continuation on the cache's workqueue. */
    private static final class ContinuationFrame extends Frame {
        /** The migration's {@code mg->k.ws} runs, v6.1: its continuation ({@code mg_copy}, {@code mg_success}, …). */
        private static final int RUN_CONTINUATION = 0;
        /** v6.1: the continuation function returned. */
        private static final int CONTINUATION_RETURNED = 1;

        private final Migration mg;

        ContinuationFrame(Migration mg) {
            this.mg = mg;
        }

        @Override
        public Step step(Task t) {
            if (pc == RUN_CONTINUATION) {
                pc = CONTINUATION_RETURNED;
                if (mg.cache.runContinuation(t, mg) == CALL) {
                    return CALL;
                }
            }
            return RETURN;
        }

        @Override
        public String function() {
            return switch (mg.next) {
                case COPY -> "mg_copy";
                case UPGRADE_LOCK -> "mg_upgrade_lock";
                case UPDATE_METADATA -> "mg_update_metadata";
                case UPDATE_METADATA_AFTER_COPY -> "mg_update_metadata_after_copy";
                case SUCCESS -> "mg_success";
                case INVALIDATE_REMOVE -> "invalidate_remove";
                case INVALIDATE_COMMITTED -> "invalidate_committed";
                case INVALIDATE_COMPLETED -> "invalidate_completed";
            };
        }
    }
}
