package dev.dmreplay.replay.target.cache;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.PoolElement;
import dev.dmreplay.replay.block.Servicer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code struct dm_bio_prison_cell_v2} keyed by one origin block (drivers/md/dm-bio-prison-v2.c v6.1): bios
 * mapped to the block hold it shared ({@code dm_cell_get_v2}, dropped in {@code cache_end_io}); a migration locks
 * it exclusively at a level ({@code dm_cell_lock_v2}: level 0 keeps writes out, level 1 keeps reads and writes
 * out), waits for the shared holders to drain ({@code dm_cell_quiesce_v2}), may raise the level
 * ({@code dm_cell_lock_promote_v2}) and finally unlocks it ({@code dm_cell_unlock_v2}), handing the bios that
 * waited back to the deferred-bio worker. A bio waits here when its level is at or below the exclusive level
 * (writes are level 0, reads level 1, as {@code lock_level()}).
 */
final class BlockLock extends PoolElement implements Servicer {
    static final int WRITE_LOCK_LEVEL = 0;
    static final int READ_WRITE_LOCK_LEVEL = 1;

    final String cacheName;
    final long oblock;
    int shared;
    boolean exclusive;
    int level;
    /** The migration holding the exclusive lock (what waiting bios wait for). */
    Migration holder;
    /** The migration waiting for the shared holders to drain, and where it continues then. */
    Migration quiescing;
    Migration.Next quiesceNext;
    final List<Bio> waiting = new ArrayList<>(2);

    BlockLock(String cacheName, long oblock) {
        this.cacheName = cacheName;
        this.oblock = oblock;
    }

    static int lockLevel(Bio bio) {
        return Cache.isWrite(bio) ? WRITE_LOCK_LEVEL : READ_WRITE_LOCK_LEVEL;
    }

    /** Whether a bio of this level must wait ({@code __get}: exclusive and the bio's level at or below it). */
    boolean blocks(Bio bio) {
        return exclusive && lockLevel(bio) <= level;
    }

    @Override
    public String label() {
        return "bio prison v2 cell of " + cacheName + " origin block " + oblock;
    }

    @Override
    public String serviceName() {
        return label();
    }

    @Override
    public List<Object> waitsFor() {
        return holder == null ? List.of() : List.of(holder);
    }
}
