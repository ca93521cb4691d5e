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
 * The model's own simple replacement policy, selected by the policy name {@code hitcount} (no kernel has it; smq is
 * {@link SmqPolicy}). It keeps the migration paths of the core exercised by small hand-checked runs whose outcome
 * does not depend on smq's clocks and levels:
 * <ul>
 *   <li>Promotion: a miss promotes its origin block at once while the cache has a free block; once the cache is
 *       full, a miss promotes only a block that missed before among the last {@code window} distinct missed blocks
 *       (a second hit within a window). The promotion is queued as background work and the bio itself goes to the
 *       origin; a write covering a whole block in write-back mode ({@code lookup_with_work}, {@code fast_copy})
 *       gets the promotion back at once and fills the block itself (no copy).</li>
 *   <li>When a promotion needs a block and none is free, the least recently hit clean block is demoted; with no
 *       clean block, a dirty one is written back first.</li>
 *   <li>Cleaning: when the core reports the origin idle, the least recently hit dirty block is written back, one
 *       per call; nothing is cleaned while the origin is busy.</li>
 * </ul>
 * What smq does that this does not: hit counting per <em>hotspot</em> block (several cache blocks wide, so a miss
 * warms the neighbours) and only on misses, promotion by hotspot level against promote levels that start out of
 * reach and are set each tick from the hotspot queue's confidence (so an smq cache promotes by reads or partial
 * writes only once a hotspot block has missed a dozen times or a hotspot period has ended), multiqueue levels with
 * periodic redistribution, demotion only from the lower half of the clean levels and only while fewer than a
 * quarter of the blocks are free, sentinels that hold back write-backs of recently dirtied blocks while the origin
 * is busy, the newest-first issue order of its background tracker, the reuse of a freed cache block only after
 * every block free before it, and per-entry hints.
 */
final class HitCountPolicy implements CachePolicy {
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

    HitCountPolicy(long cacheBlocks) {
        this.cacheBlocks = cacheBlocks;
        this.window = (int) Math.max(1, Math.min(cacheBlocks, 1 << 20));
    }

    @Override
    public void loadMapping(long oblock, long cblock, boolean isDirty) {
        if (cblock == nextFree) {
            nextFree++;
        } else {
            freed.remove(cblock);
        }
        mapping.put(oblock, cblock);
        reverse.put(cblock, oblock);
        lru.put(cblock, Boolean.TRUE);
        if (isDirty) {
            dirty.add(cblock);
        }
    }

    /** The simple policy keeps no periods: a tick changes nothing. */
    @Override
    public void tick() {
    }

    @Override
    public void disallowMigrations() {
        migrationsAllowed = false;
    }

    @Override
    public Lookup lookup(long oblock, boolean write, boolean fastCopy) {
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
        if (!migrationsAllowed || pendingOblocks.contains(oblock)) {
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

    /** Queued work first; then, when idle, a write-back. */
    @Override
    public PolicyWork backgroundWork(boolean idle) {
        if (queued.isEmpty() && migrationsAllowed && idle) {
            queueWriteback();
        }
        return queued.pollFirst();
    }

    @Override
    public boolean hasQueuedWork() {
        return !queued.isEmpty();
    }

    @Override
    public void complete(PolicyWork w, boolean success) {
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

    @Override
    public void setDirty(long cblock) {
        dirty.add(cblock);
    }

    @Override
    public void clearDirty(long cblock) {
        dirty.remove(cblock);
    }

    @Override
    public boolean invalidate(long cblock) {
        Long o = reverse.remove(cblock);
        if (o == null) {
            return false;
        }
        mapping.remove(o);
        lru.remove(cblock);
        dirty.remove(cblock);
        freed.add(cblock);
        return true;
    }

    @Override
    public long residency() {
        return mapping.size();
    }

    @Override
    public long cacheBlocks() {
        return cacheBlocks;
    }
}
