package dev.dmreplay.replay.target.cache;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The model's replacement policy, in place of {@code smq} (drivers/md/dm-cache-policy-smq.c v6.1), behind the same
 * interface ({@code policy_lookup}, {@code policy_lookup_with_work}, {@code policy_get_background_work},
 * {@code policy_complete_background_work}):
 * <ul>
 *   <li>Promotion: a miss promotes its origin block at once while the cache has a free block (smq too lowers its
 *       promotion threshold while its allocator is not empty); once the cache is full, a miss promotes only a block
 *       that missed before among the last {@code window} distinct missed blocks (a second hit within a window). The
 *       promotion is queued as background work and the bio itself goes to the origin; a write covering a whole
 *       block in write-back mode ({@code lookup_with_work}, {@code fast_copy}) gets the promotion back at once and
 *       fills the block itself (no copy).</li>
 *   <li>When a promotion needs a block and none is free, the least recently hit clean block is demoted
 *       ({@code queue_demotion}); with no clean block, a dirty one is written back first.</li>
 *   <li>Cleaning: when the core reports the origin idle, the least recently hit dirty block is written back, one
 *       per call ({@code queue_writeback}); nothing is cleaned while the origin is busy (smq's
 *       {@code clean_target_met}).</li>
 *   <li>{@code cleaner}: never promotes, writes every dirty block back, busy or not.</li>
 * </ul>
 * What smq does that this does not: hit counting per <em>hotspot</em> block (several cache blocks wide, so a hit
 * warms the neighbours), multiqueue levels with periodic redistribution and the promotion levels adapted to the
 * hit ratio ({@code update_promote_levels}), a sentinel-based cleaning order, per-entry hints saved in the
 * metadata, and the sequential-I/O detector of the old {@code mq}. The policy arguments of smq/mq are accepted and
 * ignored.
 */
final class HitCountPolicy {
    private final boolean cleaner;
    private final long cacheBlocks;
    private final int window;
    /** Cache blocks never used yet are handed out in order from here; freed ones go to {@link #freed}. */
    private long nextFree;
    private final TreeSet<Long> freed = new TreeSet<>();
    private final Map<Long, Long> mapping = new HashMap<>();
    private final Map<Long, Long> reverse = new HashMap<>();
    /** Mapped cache blocks, least recently hit first. */
    private final LinkedHashMap<Long, Boolean> lru = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<Long> dirty = new HashSet<>();
    /** Origin blocks that missed recently (insertion order; the eldest leaves past the window). */
    private final LinkedHashMap<Long, Boolean> seen = new LinkedHashMap<>();
    /** Origin blocks and cache blocks with background work queued or in flight. */
    private final Set<Long> pendingOblocks = new HashSet<>();
    private final Set<Long> pendingCblocks = new HashSet<>();
    private final ArrayDeque<PolicyWork> queued = new ArrayDeque<>();
    private boolean migrationsAllowed = true;

    /** The result of a lookup: the cache block on a hit (else -1), and work the caller must start itself. */
    record Lookup(long cblock, PolicyWork work, boolean backgroundQueued) {
        boolean hit() {
            return cblock >= 0;
        }
    }

    HitCountPolicy(String name, long cacheBlocks) {
        this.cleaner = name.equals("cleaner");
        this.cacheBlocks = cacheBlocks;
        this.window = (int) Math.max(1, Math.min(cacheBlocks, 1 << 20));
    }

    /** {@code policy_allow_migrations(false)} (passthrough). */
    void disallowMigrations() {
        migrationsAllowed = false;
    }

    /** {@code policy_lookup} ({@code fastCopy} false) or {@code policy_lookup_with_work} ({@code fastCopy} true). */
    Lookup lookup(long oblock, boolean fastCopy) {
        Long c = mapping.get(oblock);
        if (c != null) {
            lru.get(c);
            return new Lookup(c, null, false);
        }
        boolean before = seen.remove(oblock) != null;
        seen.put(oblock, Boolean.TRUE);
        if (seen.size() > window) {
            Iterator<Long> it = seen.keySet().iterator();
            it.next();
            it.remove();
        }
        if (cleaner || !migrationsAllowed || pendingOblocks.contains(oblock)) {
            return new Lookup(-1, null, false);
        }
        if (freed.isEmpty() && nextFree >= cacheBlocks) {
            if (before) {
                return new Lookup(-1, null, makeRoom());
            }
            return new Lookup(-1, null, false);
        }
        long cblock = freed.isEmpty() ? nextFree++ : freed.pollFirst();
        PolicyWork w = new PolicyWork(PolicyWork.Op.PROMOTE, oblock, cblock);
        pendingOblocks.add(oblock);
        pendingCblocks.add(cblock);
        if (fastCopy) {
            return new Lookup(-1, w, false);
        }
        queued.add(w);
        return new Lookup(-1, null, true);
    }

    /** {@code queue_demotion}: the least recently hit clean block, or a write-back when none is clean. */
    private boolean makeRoom() {
        for (Long c : lru.keySet()) {
            if (!pendingCblocks.contains(c) && !dirty.contains(c)) {
                pendingCblocks.add(c);
                pendingOblocks.add(reverse.get(c));
                queued.add(new PolicyWork(PolicyWork.Op.DEMOTE, reverse.get(c), c));
                return true;
            }
        }
        return queueWriteback();
    }

    private boolean queueWriteback() {
        for (Long c : lru.keySet()) {
            if (dirty.contains(c) && !pendingCblocks.contains(c)) {
                pendingCblocks.add(c);
                queued.add(new PolicyWork(PolicyWork.Op.WRITEBACK, reverse.get(c), c));
                return true;
            }
        }
        return false;
    }

    /** {@code policy_get_background_work}: queued work first; then, when idle (or a cleaner), a write-back. */
    PolicyWork backgroundWork(boolean idle) {
        if (queued.isEmpty() && migrationsAllowed && (idle || cleaner)) {
            queueWriteback();
        }
        return queued.pollFirst();
    }

    boolean hasQueuedWork() {
        return !queued.isEmpty();
    }

    /** {@code policy_complete_background_work}. */
    void complete(PolicyWork w, boolean success) {
        switch (w.op()) {
            case PROMOTE -> {
                pendingOblocks.remove(w.oblock());
                pendingCblocks.remove(w.cblock());
                if (success) {
                    mapping.put(w.oblock(), w.cblock());
                    reverse.put(w.cblock(), w.oblock());
                    lru.put(w.cblock(), Boolean.TRUE);
                } else {
                    freed.add(w.cblock());
                }
            }
            case DEMOTE -> {
                pendingOblocks.remove(w.oblock());
                pendingCblocks.remove(w.cblock());
                if (success) {
                    mapping.remove(w.oblock());
                    reverse.remove(w.cblock());
                    lru.remove(w.cblock());
                    dirty.remove(w.cblock());
                    freed.add(w.cblock());
                }
            }
            case WRITEBACK -> pendingCblocks.remove(w.cblock());
        }
    }

    void setDirty(long cblock) {
        dirty.add(cblock);
    }

    void clearDirty(long cblock) {
        dirty.remove(cblock);
    }

    /** {@code policy_residency}: mapped cache blocks. */
    long residency() {
        return mapping.size();
    }

    long cacheBlocks() {
        return cacheBlocks;
    }
}
