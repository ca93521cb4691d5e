package dev.dmreplay.replay.target.cache;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The smq policy (drivers/md/dm-cache-policy-smq.c, Linux 6.1, with 1e4ab7b4c881's {@code cleaner} flag as 6.1
 * stable carries it), registered as {@code smq}, {@code mq} and {@code default}, and as {@code cleaner} (no
 * promotions, clean everything). What it decides, as the kernel does:
 * <ul>
 *   <li><b>Hotspot queue.</b> Misses only are counted, per hotspot block ({@code calc_hotspot_params}: 16 cache
 *       blocks, halved until {@code max(cache blocks / 4, 1024)} hotspot blocks fit in the origin). A hotspot block
 *       enters at level 0 of a 64-level multiqueue; its first miss in a tick period moves it up
 *       {@code hotspot_level_jump} levels ({@link SmqQueue#requeue}); when all hotspot entries are in use the
 *       oldest of the lowest level is recycled.</li>
 *   <li><b>Promotion.</b> A miss promotes its block when its hotspot entry's level reaches the promote level; a
 *       whole-block write in write-back mode is promoted at once while a cache block is free
 *       ({@code PROMOTE_TEMPORARY}). The promote levels start at 64 (nothing promotes by level before the first
 *       tick); each tick sets them to 64 minus 16, 32 or 64 as the hotspot queue's confidence is poor, fair or good
 *       ({@code update_promote_levels}; in 6.1 its {@code max(threshold, NR_HOTSPOT_LEVELS)} makes the cache's own
 *       hit ratio and free space irrelevant).</li>
 *   <li><b>Cache queues.</b> Mapped blocks sit in a clean or a dirty 64-level queue; a promoted block enters at the
 *       top level; a hit moves it up one level at most once per cache period.</li>
 *   <li><b>Demotion.</b> Only when a promotion finds no free block and fewer than 25 % of the blocks are free or
 *       being demoted: the oldest clean block of the lower 32 levels; with none, a write-back.</li>
 *   <li><b>Write-back.</b> When the core reports the origin idle (or always for {@code cleaner}), the oldest dirty
 *       block of the lowest level; otherwise (a demotion needing room) only blocks older than the writeback
 *       sentinels of their level, which move every 10 s.</li>
 *   <li><b>Ticks and periods.</b> {@code smq_tick} runs when the core's <em>tick bio</em> completes (after one
 *       completes, the next bio remapped becomes the tick bio: with one bio in flight, every completion ticks) and
 *       from the core's waker once a second. Each tick clears the hotspot hit bits and updates the promote levels;
 *       once a hotspot period (1 s) has passed, the level jump (4, 2 or 1 for poor, fair, good), a redistribution
 *       of the hotspot levels and fresh statistics; once a cache period (60 s) has passed, the cache hit bits are
 *       cleared and the clean and dirty queues redistributed; writeback sentinels every 10 s, demote sentinels
 *       every 60 s. Periods are in jiffies at {@code HZ} 250 and end with {@code time_after}.</li>
 *   <li><b>Background tracker.</b> At most 4096 items, one per origin block, issued newest first
 *       ({@link BackgroundTracker}).</li>
 * </ul>
 * Departures: the waker's ticks are applied when the policy is next used (the kernel's waker runs them on its
 * own; the state the policy decides from is the same), at whole seconds after the cache was created (the phase of
 * the kernel's waker against a trace is unknown). A replayed cache starts as one created at least a waker period
 * before its trace and idle since ({@link #idleSinceCreation}: level jump 4, promote levels 48), not as
 * {@code __smq_create} leaves a cache (jump 1, promote levels 64). Hints are neither loaded nor saved (a
 * replayed cache starts empty); the old mq tunables are accepted and ignored, as in the kernel.
 */
final class SmqPolicy implements CachePolicy {
    static final int NR_HOTSPOT_LEVELS = 64;
    static final int NR_CACHE_LEVELS = 64;
    /** {@code HZ} of the captured kernels (Debian's 6.1 builds use 250): smq's periods are in jiffies. */
    static final long HZ = 250;
    static final long JIFFY_NS = 1_000_000_000L / HZ;
    static final long WRITEBACK_PERIOD = 10 * HZ;
    static final long DEMOTE_PERIOD = 60 * HZ;
    static final long HOTSPOT_UPDATE_PERIOD = HZ;
    static final long CACHE_UPDATE_PERIOD = 60 * HZ;
    /** The waker's period ({@code COMMIT_PERIOD} of dm-cache-target.c, one {@code smq_tick} each), in ns. */
    static final long WAKER_TICK_NS = 1_000_000_000L;
    static final int CLEAN_TARGET_PERCENT = 25;
    static final int FREE_TARGET_PERCENT = 25;
    static final int MAX_BACKGROUND_WORK = 4096;

    private final LongSupplier clock;
    private final boolean cleaner;
    private boolean migrationsAllowed;
    private final int cacheSize;
    final int cacheBlocksPerHotspotBlock;
    final int nrHotspotBlocks;
    private int hotspotLevelJump = 1;
    private final SmqAllocator writebackSentinels = new SmqAllocator(2 * NR_CACHE_LEVELS, true);
    private final SmqAllocator demoteSentinels = new SmqAllocator(2 * NR_CACHE_LEVELS, true);
    private final SmqAllocator hotspotAlloc;
    private final SmqAllocator cacheAlloc;
    private final BitSet hotspotHitBits = new BitSet();
    private final BitSet cacheHitBits = new BitSet();
    final SmqQueue hotspot;
    final SmqQueue clean = new SmqQueue(NR_CACHE_LEVELS, 0, 0);
    final SmqQueue dirty = new SmqQueue(NR_CACHE_LEVELS, 0, 0);
    final SmqStats hotspotStats = new SmqStats(NR_HOTSPOT_LEVELS);
    final SmqStats cacheStats = new SmqStats(NR_CACHE_LEVELS);
    private final Map<Long, SmqEntry> table = new HashMap<>();
    private final Map<Long, SmqEntry> hotspotTable = new HashMap<>();
    private boolean currentWritebackSentinels;
    private long nextWritebackPeriod;
    private boolean currentDemoteSentinels;
    private long nextDemotePeriod;
    int writePromoteLevel = NR_HOTSPOT_LEVELS;
    int readPromoteLevel = NR_HOTSPOT_LEVELS;
    private long nextHotspotPeriod;
    private long nextCachePeriod;
    private long nextWakerTick;
    private final BackgroundTracker bgWork = new BackgroundTracker(MAX_BACKGROUND_WORK);
    /** The traced kernel's promotions, when a replay follows them ({@link #follow}); null: the policy decides. */
    private TracedPromotions traced;
    /** The clock's reading at the trace's start. */
    private long tracedBaseNs;

    /** {@code __smq_create}; {@code cleaner} is the {@code cleaner} policy (migrations off, clean when busy). */
    SmqPolicy(long cacheBlocks, long originSectors, long blockSectors, boolean cleaner, LongSupplier clock) {
        this.clock = clock;
        this.cleaner = cleaner;
        this.migrationsAllowed = !cleaner;
        this.cacheSize = Math.toIntExact(cacheBlocks);
        // calc_hotspot_params
        long hotspotBlockSectors = blockSectors * 16;
        int nrHotspot = Math.max(cacheSize / 4, 1024);
        while (hotspotBlockSectors > blockSectors && hotspotBlockSectors * nrHotspot > originSectors) {
            hotspotBlockSectors /= 2;
        }
        this.nrHotspotBlocks = nrHotspot;
        this.cacheBlocksPerHotspotBlock = (int) (hotspotBlockSectors / blockSectors);
        this.hotspotAlloc = new SmqAllocator(nrHotspot, false);
        this.cacheAlloc = new SmqAllocator(cacheSize, false);
        this.hotspot = new SmqQueue(NR_HOTSPOT_LEVELS, 8,
                Math.min(nrHotspot / NR_HOTSPOT_LEVELS, cacheSize / cacheBlocksPerHotspotBlock));
        long nowNs = clock.getAsLong();
        long now = nowNs / JIFFY_NS;
        // sentinels_init: both sets on every level, the "false" set first
        nextWritebackPeriod = now + WRITEBACK_PERIOD;
        nextDemotePeriod = now + DEMOTE_PERIOD;
        for (boolean which : new boolean[] {false, true}) {
            currentWritebackSentinels = which;
            currentDemoteSentinels = which;
            for (int level = 0; level < NR_CACHE_LEVELS; level++) {
                SmqEntry s = writebackSentinel(level);
                s.level = level;
                dirty.push(s);
                s = demoteSentinel(level);
                s.level = level;
                clean.push(s);
            }
        }
        nextCachePeriod = now;
        wakerPhase(nowNs + WAKER_TICK_NS / 2);
    }

    /**
     * Puts the policy in the state a cache reaches when it was created at least one waker period before the trace
     * began and saw no I/O since, which is how the replayed cache stands against its trace (the capture recipe
     * creates the cache, starts blktrace, then the workload). {@code __smq_create} (v6.1) leaves the hotspot level
     * jump at 1, the promote levels at 64 and {@code next_hotspot_period} and {@code next_cache_period} at the
     * creation jiffy, so the first waker tick a jiffy or more later ({@code do_waker}, once a second) ends both
     * periods on empty statistics: {@code stats_assess} of no accesses is {@code Q_POOR}, so
     * {@code update_level_jump} makes the jump 4 and {@code update_promote_levels} the promote levels 48. Without
     * this a replayed fresh cache climbed the hotspot queue one level per access until its first period end in
     * the trace, where the kernel climbs four: in the 6.1 capture of the cache stack whose hotspot period ended
     * only after the write phase, the kernel promoted 11 blocks during the writes (a hotspot block reaching level
     * 48 after 12 accesses) and the model none. The waker's phase is set afterwards ({@link #wakerPhase}).
     */
    void idleSinceCreation() {
        long now = clock.getAsLong() / JIFFY_NS;
        long tick = nextWakerTick;
        nextHotspotPeriod = now - 1;
        nextCachePeriod = now - 1;
        tickAt(now);
        wakerPhase(tick);
    }

    /**
     * Sets when the waker next ticks, and so when the current hotspot period ends. A replayed cache stands for one
     * the kernel created before the trace began; its waker has been ticking once a second, each tick ending a
     * hotspot period, at a phase the trace does not record. The default is half a period after the cache is
     * made (the expected value of an unknown phase); a caller that knows the phase sets it here before the run.
     */
    void wakerPhase(long nextTickNs) {
        nextWakerTick = nextTickNs;
        nextHotspotPeriod = nextTickNs / JIFFY_NS - 1;
    }

    /**
     * Makes misses promote as the traced kernel's did ({@link TracedPromotions}: which misses promoted, and into
     * which cache block); {@code baseNs} is the clock's reading at the trace's start. The hotspot queue, statistics,
     * ticks, demotions and write-backs stay the policy's own, and a whole-block write promoted at once while a block
     * is free ({@code PROMOTE_TEMPORARY}) still is.
     */
    void follow(TracedPromotions promotions, long baseNs) {
        this.traced = promotions;
        this.tracedBaseNs = baseNs;
    }

    // ---------------------------------------------------------------- sentinels and periods

    private static SmqEntry sentinel(SmqAllocator a, int level, boolean which) {
        return a.get(which ? level : NR_CACHE_LEVELS + level);
    }

    private SmqEntry writebackSentinel(int level) {
        return sentinel(writebackSentinels, level, currentWritebackSentinels);
    }

    private SmqEntry demoteSentinel(int level) {
        return sentinel(demoteSentinels, level, currentDemoteSentinels);
    }

    /** Applies the ticks the waker ({@code do_waker}) would have run by now. */
    private void catchUp() {
        long now = clock.getAsLong();
        while (nextWakerTick <= now) {
            tickAt(nextWakerTick / JIFFY_NS);
            nextWakerTick += WAKER_TICK_NS;
        }
    }

    /** {@code policy_tick} from the core's end-io of its tick bio. */
    @Override
    public void tick() {
        catchUp();
        tickAt(clock.getAsLong() / JIFFY_NS);
    }

    /**
     * {@code smq_tick} at {@code now} jiffies: {@code update_sentinels}, {@code end_hotspot_period},
     * {@code end_cache_period}; a period is over once {@code time_after(jiffies, end)}.
     */
    private void tickAt(long now) {
        if (now > nextWritebackPeriod) {
            nextWritebackPeriod = now + WRITEBACK_PERIOD;
            currentWritebackSentinels = !currentWritebackSentinels;
            toBack(dirty, writebackSentinels, currentWritebackSentinels);
        }
        if (now > nextDemotePeriod) {
            nextDemotePeriod = now + DEMOTE_PERIOD;
            currentDemoteSentinels = !currentDemoteSentinels;
            toBack(clean, demoteSentinels, currentDemoteSentinels);
        }
        hotspotHitBits.clear();
        updatePromoteLevels();
        if (now > nextHotspotPeriod) {
            hotspotLevelJump = switch (hotspotStats.assess()) {
                case POOR -> 4;
                case FAIR -> 2;
                case WELL -> 1;
            };
            hotspot.redistribute();
            hotspotStats.reset();
            nextHotspotPeriod = now + HOTSPOT_UPDATE_PERIOD;
        }
        if (now > nextCachePeriod) {
            cacheHitBits.clear();
            dirty.redistribute();
            clean.redistribute();
            cacheStats.reset();
            nextCachePeriod = now + CACHE_UPDATE_PERIOD;
        }
    }

    /** {@code __update_writeback_sentinels} / {@code __update_demote_sentinels}: the current set to the back. */
    private static void toBack(SmqQueue q, SmqAllocator sentinels, boolean which) {
        for (int level = 0; level < NR_CACHE_LEVELS; level++) {
            SmqEntry s = sentinel(sentinels, level, which);
            q.remove(s);
            q.push(s);
        }
    }

    /** {@code update_promote_levels}, with 6.1's {@code max} (see the class note). */
    private void updatePromoteLevels() {
        int threshold = cacheAlloc.isEmpty() ? defaultPromoteLevel() : NR_HOTSPOT_LEVELS / 2;
        threshold = Math.max(threshold, NR_HOTSPOT_LEVELS);
        threshold = switch (hotspotStats.assess()) {
            case POOR -> threshold / 4;
            case FAIR -> threshold / 2;
            case WELL -> threshold;
        };
        readPromoteLevel = NR_HOTSPOT_LEVELS - threshold;
        writePromoteLevel = NR_HOTSPOT_LEVELS - threshold;
    }

    /** {@code default_promote_level}: by the cache's hit ratio in sixteenths. */
    private int defaultPromoteLevel() {
        int[] table = {1, 1, 1, 2, 4, 6, 7, 8, 7, 6, 4, 4, 3, 3, 2, 2, 1};
        int total = cacheStats.hits + cacheStats.misses;
        return table[total == 0 ? 0 : (int) (((long) cacheStats.hits << 4) / total)];
    }

    // ---------------------------------------------------------------- the queues of mapped blocks

    private SmqQueue queueOf(SmqEntry e) {
        return e.dirty ? dirty : clean;
    }

    /** {@code requeue}: a hit moves the block up one level, once per cache period. */
    private void requeue(SmqEntry e) {
        if (e.pendingWork || cacheHitBits.get(e.index)) {
            return;
        }
        cacheHitBits.set(e.index);
        if (!e.dirty) {
            clean.requeue(e, 1, null, null);
            return;
        }
        dirty.requeue(e, 1, sentinel(writebackSentinels, e.level, !currentWritebackSentinels),
                sentinel(writebackSentinels, e.level, currentWritebackSentinels));
    }

    /** {@code update_hotspot_queue}. */
    private SmqEntry updateHotspotQueue(long oblock) {
        long hb = oblock / cacheBlocksPerHotspotBlock;
        SmqEntry e = hotspotTable.get(hb);
        if (e != null) {
            hotspotStats.levelAccessed(e.level);
            boolean seen = hotspotHitBits.get(e.index);
            hotspotHitBits.set(e.index);
            hotspot.requeue(e, seen ? 0 : hotspotLevelJump, null, null);
            return e;
        }
        hotspotStats.miss();
        e = hotspotAlloc.alloc();
        if (e == null) {
            e = hotspot.pop();
            if (e != null) {
                hotspotTable.remove(e.oblock);
                hotspotHitBits.clear(e.index);
            }
        }
        if (e != null) {
            e.oblock = hb;
            hotspot.push(e);
            hotspotTable.put(hb, e);
        }
        return e;
    }

    // ---------------------------------------------------------------- background work

    private boolean cleanTargetMet(boolean idle) {
        if (idle || cleaner) {
            return dirty.size() == 0;
        }
        return true;
    }

    private boolean freeTargetMet() {
        int free = cacheSize - cacheAlloc.allocated();
        return free + bgWork.demotions() >= cacheSize * FREE_TARGET_PERCENT / 100;
    }

    private void queueWriteback(boolean idle) {
        SmqEntry e = dirty.peek(dirty.levels(), idle);
        if (e == null) {
            return;
        }
        queueWork(dirty, e, PolicyWork.Op.WRITEBACK);
    }

    /** Takes a mapped block out of its queue as pending work; back at the front if the tracker refuses it. */
    private void queueWork(SmqQueue q, SmqEntry e, PolicyWork.Op op) {
        q.remove(e);
        e.pendingWork = true;
        if (bgWork.queue(new PolicyWork(op, e.oblock, e.index), false) != BackgroundTracker.Queued.QUEUED) {
            e.pendingWork = false;
            q.pushFront(e);
        }
    }

    private void queueDemotion() {
        if (!migrationsAllowed) {
            return;
        }
        SmqEntry e = clean.peek(clean.levels() / 2, true);
        if (e == null) {
            if (!cleanTargetMet(true)) {
                queueWriteback(false);
            }
            return;
        }
        queueWork(clean, e, PolicyWork.Op.DEMOTE);
    }

    /**
     * {@code queue_promotion}: the promotion, or a demotion to make room; returns the work handed back. {@code kernel}
     * is the traced kernel's promotion it stands for ({@link TracedPromotions#due}), or -1: its cache block is taken
     * when free ({@code alloc_particular_entry}; the kernel's order of promotions can differ from the model's by a few
     * microseconds of copying), and it is followed once the promotion is queued. Any other promotion of a replay that
     * follows the kernel's leaves the blocks the kernel's later promotions took to them.
     */
    private PolicyWork queuePromotion(long oblock, boolean handBack, int kernel) {
        if (!migrationsAllowed) {
            return null;
        }
        if (cacheAlloc.isEmpty()) {
            if (!freeTargetMet()) {
                queueDemotion();
            }
            return null;
        }
        if (bgWork.present(oblock)) {
            return null;
        }
        long wanted = kernel >= 0 ? traced.cblock(kernel) : -1;
        SmqEntry e = wanted >= 0 && wanted < cacheSize && !cacheAlloc.get((int) wanted).allocated
                ? cacheAlloc.allocParticular((int) wanted)
                : traced != null ? cacheAlloc.allocAvoiding(traced::claimed) : cacheAlloc.alloc();
        e.pendingWork = true;
        PolicyWork w = new PolicyWork(PolicyWork.Op.PROMOTE, oblock, e.index);
        if (bgWork.queue(w, handBack) != BackgroundTracker.Queued.QUEUED) {
            cacheAlloc.free(e);
            return null;
        }
        if (kernel >= 0) {
            traced.follow(kernel);
        }
        return handBack ? w : null;
    }

    // ---------------------------------------------------------------- the policy interface

    @Override
    public Lookup lookup(long oblock, boolean write, boolean fastCopy) {
        catchUp();
        SmqEntry e = table.get(oblock);
        if (e != null) {
            cacheStats.levelAccessed(e.level);
            requeue(e);
            return new Lookup(e.index, null, false);
        }
        cacheStats.miss();
        SmqEntry hs = updateHotspotQueue(oblock);
        long at = clock.getAsLong() - tracedBaseNs;
        boolean steered = traced != null && traced.covers(at);
        int kernel = steered ? traced.due(oblock, at) : -1;
        boolean promote;
        if (write && fastCopy && !cacheAlloc.isEmpty()) {
            promote = true; // PROMOTE_TEMPORARY
        } else if (steered) {
            promote = kernel >= 0;
        } else {
            promote = hs.level >= (write ? writePromoteLevel : readPromoteLevel);
        }
        if (!promote) {
            return new Lookup(-1, null, false);
        }
        PolicyWork w = queuePromotion(oblock, fastCopy, kernel);
        return new Lookup(-1, w, true);
    }

    @Override
    public PolicyWork backgroundWork(boolean idle) {
        catchUp();
        PolicyWork w = bgWork.issue();
        if (w == null && !cleanTargetMet(idle)) {
            queueWriteback(idle);
            w = bgWork.issue();
        }
        return w;
    }

    @Override
    public boolean hasQueuedWork() {
        return bgWork.hasQueued();
    }

    @Override
    public void complete(PolicyWork w, boolean success) {
        SmqEntry e = cacheAlloc.get((int) w.cblock());
        switch (w.op()) {
            case PROMOTE -> {
                e.pendingWork = false;
                if (success) {
                    e.oblock = w.oblock();
                    e.level = NR_CACHE_LEVELS - 1;
                    table.put(e.oblock, e);
                    queueOf(e).push(e);
                } else {
                    cacheAlloc.free(e);
                }
            }
            case DEMOTE -> {
                if (success) {
                    table.remove(e.oblock);
                    cacheAlloc.free(e);
                } else {
                    e.pendingWork = false;
                    queueOf(e).push(e);
                }
            }
            case WRITEBACK -> {
                e.pendingWork = false;
                queueOf(e).push(e);
            }
        }
        bgWork.complete(w);
    }

    /** {@code __smq_set_clear_dirty}: moves the block to the back of its level in the other queue. */
    private void setClearDirty(long cblock, boolean set) {
        SmqEntry e = cacheAlloc.get((int) cblock);
        if (e.pendingWork) {
            e.dirty = set;
            return;
        }
        queueOf(e).remove(e);
        e.dirty = set;
        queueOf(e).push(e);
    }

    @Override
    public void setDirty(long cblock) {
        setClearDirty(cblock, true);
    }

    @Override
    public void clearDirty(long cblock) {
        setClearDirty(cblock, false);
    }

    /**
     * {@code smq_load_mapping} without a hint: the block's level is {@code hash_32(cblock, 9)} modulo the levels,
     * and it goes to the front of that level (ahead of both sentinels, so it can be demoted or cleaned at once).
     */
    @Override
    public void loadMapping(long oblock, long cblock, boolean isDirty) {
        SmqEntry e = cacheAlloc.allocParticular((int) cblock);
        e.oblock = oblock;
        e.dirty = isDirty;
        e.level = (int) (((cblock * 0x61C88647L) & 0xFFFFFFFFL) >>> (32 - 9)) & (NR_CACHE_LEVELS - 1);
        table.put(oblock, e);
        queueOf(e).pushFront(e);
    }

    /** {@code smq_invalidate_mapping}; an entry with work pending is not in a queue (the kernel's FIXME case). */
    @Override
    public boolean invalidate(long cblock) {
        SmqEntry e = cacheAlloc.get((int) cblock);
        if (!e.allocated) {
            return false;
        }
        if (!e.pendingWork) {
            queueOf(e).remove(e);
        }
        table.remove(e.oblock);
        cacheAlloc.free(e);
        return true;
    }

    @Override
    public void disallowMigrations() {
        migrationsAllowed = false;
    }

    @Override
    public long residency() {
        return cacheAlloc.allocated();
    }

    @Override
    public long cacheBlocks() {
        return cacheSize;
    }

    /** The hotspot entry's level for an origin block, or -1 (tests). */
    int hotspotLevel(long oblock) {
        SmqEntry e = hotspotTable.get(oblock / cacheBlocksPerHotspotBlock);
        return e == null ? -1 : e.level;
    }

    /** The cache block a mapped origin block is in, or -1 (tests). */
    long cblockOf(long oblock) {
        SmqEntry e = table.get(oblock);
        return e == null ? -1 : e.index;
    }

    /** The cache entry's level for a mapped origin block, or -1 (tests). */
    int cacheLevel(long oblock) {
        SmqEntry e = table.get(oblock);
        return e == null ? -1 : e.level;
    }
}
