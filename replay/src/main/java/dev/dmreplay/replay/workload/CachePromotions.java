package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.target.cache.TracedPromotions;
import dev.dmreplay.replay.util.LongChunks;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Learns, in the survey pass, the promotions a traced dm-cache made (dm-cache-target.c and dm-cache-policy-smq.c,
 * v6.1), for the replay to follow ({@link TracedPromotions}, which says why).
 *
 * <p>What shows a promotion: with copying, {@code mg_copy} → kcopyd reads the origin block, so a read queued on the
 * origin device that no remap from the cache device made (the cache's own clones to the origin carry an {@code A}
 * from it) is a promotion's copy; by overwrite ({@code mg_start} with the bio of a whole-block write), the write's
 * remap to the cache device at a block the cache had not mapped there. The first remap to the cache device at a
 * promoted block names its cache block. The promoting miss is the last bio of the block the cache sent to the
 * origin before the copy (a bio held behind the block's migration is queued but not sent), and its time that bio's
 * {@code Q} on the cache device ({@link #queuedAt}), since a replay maps each bio when its {@code Q} was recorded.
 *
 * <p>Memory is bounded: at most {@value #MAX_PROMOTIONS} promotions (past that the list ends, and the replay's policy
 * decides alone from there: {@link #horizonNs}), {@value #MAX_BLOCKS} blocks' recent {@code Q}s, last misses and
 * cache blocks' mappings (each cleared when full: a promotion then takes its remap's time as its miss's), and
 * {@link CacheCopyReads}' open clones.
 */
public final class CachePromotions implements Consumer<BlockEvent> {
    static final int MAX_PROMOTIONS = 1 << 20;
    static final int MAX_BLOCKS = 1 << 20;
    /** The pieces of one kcopyd copy come within this of its first read (sub-jobs of a big block). */
    static final long SAME_COPY_NS = 50_000_000L;
    /**
     * A remap from the cache device comes up to this long after its bio's {@code Q} there (the remainder of a split
     * bio is remapped after the first piece completed its map: 2.2 ms on a capture)...
     */
    static final long Q_BEFORE_REMAP_NS = 10_000_000L;
    /**
     * ... or up to this long before it: the traced kernels record a mapped device's {@code Q} after the first remap
     * of the bio below it (0.8-1.5 ms on the captures).
     */
    static final long Q_AFTER_REMAP_NS = 3_000_000L;
    /** How many recent {@code Q}s per block are kept to find a miss's own. */
    static final int RECENT = 8;

    private final CacheDevices cache;
    private long first = Long.MIN_VALUE;
    /** Origin block → the times of the last {@value #RECENT} {@code Q}s on the cache device that touched it. */
    private final Map<Long, long[]> recentQ = new HashMap<>();
    /** Origin block → when the cache last sent a bio of it to the origin (the remap's time: a miss not held). */
    private final Map<Long, Long> lastMiss = new HashMap<>();
    /** Cache block → origin block, as the remaps to the cache device showed them last. */
    private final Map<Long, Long> mapped = new HashMap<>();
    /** Origin block → index of its latest promotion, until a remap names its cache block. */
    private final Map<Long, Integer> open = new HashMap<>();
    private final CacheCopyReads originReads;
    private final LongChunks oblocks = new LongChunks();
    private final LongChunks missNs = new LongChunks();
    private final LongChunks copyNs = new LongChunks();
    private final LongChunks cblocks = new LongChunks();
    private long horizonNs = Long.MAX_VALUE;
    private boolean originTraced;
    private boolean fastTraced;

    /** @param cache the cache's devices, its origin's number known */
    public CachePromotions(CacheDevices cache) {
        if (!cache.originKnown()) {
            throw new IllegalArgumentException("the cache's origin device is not known");
        }
        this.cache = cache;
        this.originReads = new CacheCopyReads(cache.top());
    }

    @Override
    public void accept(BlockEvent e) {
        if (first == Long.MIN_VALUE) {
            first = e.time();
        }
        if (e.isNotify()) {
            return;
        }
        int dev = e.device();
        originTraced |= dev == cache.origin();
        fastTraced |= dev == cache.fast(); // an empty flush too: the device is traced
        if (horizonNs != Long.MAX_VALUE || e.sectors() == 0) {
            return;
        }
        long t = e.time() - first;
        if (dev == cache.top() && e.kind() == Action.QUEUE) {
            if (recentQ.size() >= MAX_BLOCKS) {
                recentQ.clear();
            }
            long end = (e.sector() + e.sectors() - 1) / cache.blockSectors();
            for (long b = e.sector() / cache.blockSectors(); b <= end; b++) {
                long[] ring = recentQ.computeIfAbsent(b, k -> new long[RECENT + 1]);
                ring[1 + (int) (ring[0]++ % RECENT)] = t;
            }
        } else if (dev == cache.origin()) {
            copyRead(e, t);
        } else if (dev == cache.fast() && e.kind() == Action.REMAP && e.remapFromDevice() == cache.top()) {
            remapToCache(e, t);
        }
    }

    /** A read on the origin that the cache device did not remap there: a promotion's copy ({@link CacheCopyReads}). */
    private void copyRead(BlockEvent e, long t) {
        if (originReads.isClone(e)) {
            if (lastMiss.size() >= MAX_BLOCKS) {
                lastMiss.clear();
            }
            lastMiss.put(e.remapFromSector() / cache.blockSectors(), t);
        }
        if (!originReads.isCopyRead(e)) {
            return;
        }
        long b = e.sector() / cache.blockSectors();
        Integer prior = open.get(b);
        if (prior != null && t - copyNs.get(prior) < SAME_COPY_NS) {
            return; // another piece of the same copy
        }
        Long miss = lastMiss.get(b);
        int i = add(b, miss != null ? queuedAt(b, miss) : latestQ(b), t, -1);
        if (i >= 0) {
            open.put(b, i);
        }
    }

    /**
     * When the bio the cache remapped to the origin at {@code remapNs} was queued on the cache device, which is when
     * a replay maps it: the block's {@code Q} nearest the remap within the window the traced kernels show (a bio held
     * behind the block's migration is queued later, but not as near); the remap's own time when none is.
     */
    private long queuedAt(long block, long remapNs) {
        long[] ring = recentQ.get(block);
        long best = remapNs;
        long distance = Long.MAX_VALUE;
        for (int i = 0; ring != null && i < Math.min(ring[0], RECENT); i++) {
            long q = ring[1 + i];
            long d = Math.abs(q - remapNs);
            if (q >= remapNs - Q_BEFORE_REMAP_NS && q <= remapNs + Q_AFTER_REMAP_NS && d < distance) {
                best = q;
                distance = d;
            }
        }
        return best;
    }

    /** The block's latest {@code Q} on the cache device, -1 when none is known. */
    private long latestQ(long block) {
        long[] ring = recentQ.get(block);
        return ring == null || ring[0] == 0 ? -1 : ring[1 + (int) ((ring[0] - 1) % RECENT)];
    }

    /** A bio remapped to the cache device: the block's cache block, or a promotion by overwrite. */
    private void remapToCache(BlockEvent e, long t) {
        long b = e.remapFromSector() / cache.blockSectors();
        long c = e.sector() / cache.blockSectors();
        Long was = mapped.get(c);
        if (was != null && was == b) {
            return;
        }
        if (mapped.size() >= MAX_BLOCKS) {
            mapped.clear();
        }
        mapped.put(c, b);
        Integer copied = open.remove(b);
        if (copied != null) {
            cblocks.set(copied, c);
        } else if ((e.action() & Category.WRITE) != 0 && e.sectors() == cache.blockSectors()
                && e.remapFromSector() % cache.blockSectors() == 0) {
            add(b, queuedAt(b, t), t, c);
        }
        // else: a block the cache held before the trace began, or one whose promotion the trace did not show
    }

    private int add(long oblock, long miss, long copy, long cblock) {
        if (oblocks.size() >= MAX_PROMOTIONS) {
            horizonNs = copy;
            return -1;
        }
        oblocks.add(oblock);
        missNs.add(miss);
        copyNs.add(copy);
        cblocks.add(cblock);
        return oblocks.size() - 1;
    }

    /** The time (ns from the trace's start) up to which the promotions are complete; Long.MAX_VALUE: all of them. */
    public long horizonNs() {
        return horizonNs;
    }

    /**
     * Whether the trace shows the cache's promotions: both its origin and its cache device have records (a trace
     * of the cache device alone shows none, and says nothing of what the kernel promoted).
     */
    public boolean shown() {
        return originTraced && fastTraced;
    }

    /** How many promotions the trace showed. */
    public int size() {
        return oblocks.size();
    }

    /** What the replay follows. */
    public TracedPromotions promotions() {
        return new TracedPromotions(oblocks.toArray(), missNs.toArray(), copyNs.toArray(), cblocks.toArray(),
                horizonNs);
    }
}
