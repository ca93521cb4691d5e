package dev.dmreplay.replay.target.cache;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.KcopydClient;
import dev.dmreplay.replay.kcopyd.KcopydThrottle;
import dev.dmreplay.replay.kcopyd.Region;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct cache} (drivers/md/dm-cache-target.c v6.1) and the functions that work on it: {@code map_bio}
 * (shared by {@code cache_map} and the deferred-bio worker), the bio prison (v2, {@link BlockLock}), the
 * migration state machine ({@code mg_start} … {@code mg_complete}) with kcopyd copies, the batcher that runs
 * commits ({@code continue_after_commit}, {@code issue_after_commit}, {@code schedule_commit}, {@code __commit}),
 * the io tracker of the origin ({@code iot_*}) that decides when the cache is idle enough to write dirty blocks
 * back ({@code spare_migration_bandwidth}), the discard bitset, the waker ({@code do_waker}) and the three work
 * items on the "dm-cache" workqueue: {@code process_deferred_bios}, {@code check_migrations} (the migration
 * worker) and the committer.
 *
 * <p>Allocations, as in the kernel: prison cells from the prison's {@code cell_pool} ({@value #MIN_CELLS}) with
 * {@code GFP_NOWAIT} (a bio that gets none is deferred to the worker), migrations from {@code migration_pool}
 * ({@value #MIGRATION_POOL_SIZE}) with {@code GFP_NOWAIT} (the policy's work is dropped when it fails), kcopyd's
 * job and dm-io pools, and in write-through mode the cache's bioset for the origin clone ({@code GFP_NOIO}).
 *
 * <p>Departures: the cache starts empty and clean (a replay has no prior metadata); the waker runs only while
 * dirty blocks or queued work remain (it only wakes the migration worker; while nothing is left to clean it would
 * change nothing); policy ticks are not modelled; when {@code mg_start} cannot allocate a migration for a
 * whole-block write the kernel (as read at 6.1) neither issues nor ends that bio, while the model sends it to the
 * origin as an ordinary miss; passthrough's invalidation of cached blocks is not modelled (a replayed cache starts
 * empty and passthrough never promotes, so no block is cached to invalidate); {@code check_migrations} calls
 * {@code mg_copy} (and so {@code dm_kcopyd_copy}) itself, while the model queues it as the migration's first
 * continuation on the same workqueue.
 */
public final class Cache {
    /** {@code MIGRATION_POOL_SIZE}. */
    public static final int MIGRATION_POOL_SIZE = 128;
    /** {@code MIN_CELLS} of dm-bio-prison-v2. */
    public static final int MIN_CELLS = 1024;
    /** {@code COMMIT_PERIOD} (HZ): the waker's period and the origin idle time before write-back. */
    static final long COMMIT_PERIOD_NS = 1_000_000_000L;
    /** {@code DEFAULT_MIGRATION_THRESHOLD} (sectors of migration I/O in flight while idle). */
    static final long DEFAULT_MIGRATION_THRESHOLD = 2048;
    /** {@code MAX_DISCARD_BLOCKS}. */
    private static final long MAX_DISCARD_BLOCKS = 1 << 14;

    final Kernel kernel;
    final String name;
    final BlockDevice metaDev;
    final BlockDevice cacheDev;
    final BlockDevice originDev;
    final long blockSectors;
    final long originBlocks;
    final CacheMode mode;
    final boolean discardPassdown;
    final String policyName;
    final List<String> policyArgs;
    final boolean metadata2;
    long migrationThreshold = DEFAULT_MIGRATION_THRESHOLD;
    final CachePolicy policy;
    final CacheMetadata meta = new CacheMetadata();
    final Mempool cellPool;
    final Mempool migrationPool;
    final Bioset writethroughBs;
    final KcopydClient copier;
    final Workqueue wq;
    final WorkItem deferredWorker;
    final WorkItem migrationWorker;
    final WorkItem committer;
    private final Map<Long, BlockLock> prison = new HashMap<>();
    final ArrayDeque<Bio> deferredBios = new ArrayDeque<>();
    private final BitSet dirty = new BitSet();
    private int nrDirty;
    private final long discardBlockSectors;
    private final BitSet discarded = new BitSet();
    // the batcher
    private final List<Migration> afterCommitWork = new ArrayList<>();
    private final List<Bio> afterCommitBios = new ArrayList<>();
    private boolean commitScheduled;
    // the io tracker of the origin
    private long inFlightSectors;
    private long idleSince;
    private int ioMigrations;
    private boolean wakerArmed;
    private long writebacksAtLastTick = -1;
    final Map<String, long[]> metadataIo = new TreeMap<>();
    private final Map<String, long[]> dataIo = new TreeMap<>();
    final Stats stats = new Stats();

    /** Per-bio data ({@code struct per_bio_data}): the shared lock held, the sectors the io tracker counted. */
    static final class PerBio implements dev.dmreplay.replay.dm.PerBioData {
        final int reqNr;
        BlockLock cell;
        /** {@code pb->cblock}: the cache block of a write-through write hit, until its origin clone is made. */
        long writethroughCblock = -1;
        long len;
        /** {@code pb->tick}: this bio's completion ticks the policy. */
        boolean tick;

        PerBio(int reqNr) {
            this.reqNr = reqNr;
        }
    }

    /** What {@code map_bio} did with a bio. */
    enum Mapped {
        /** Remapped: the caller submits it ({@code DM_MAPIO_REMAPPED}). */
        REMAPPED,
        /** Held, deferred, ended or issued by the cache itself ({@code DM_MAPIO_SUBMITTED}). */
        SUBMITTED,
        /** A write-through write to a clean block: the caller clones it to the origin, then finishes the map. */
        WRITETHROUGH
    }

    /** The counters of {@code dmsetup status} and of the I/O the cache issued, per class. */
    public static final class Stats {
        public long readHits;
        public long readMisses;
        public long writeHits;
        public long writeMisses;
        public long promotions;
        public long demotions;
        public long writebacks;
        public long overwrites;
        public long copiesAvoided;
        public long commits;
        public long discards;
        public long cellWaits;
        public long deferredForCell;
        public long migrationAllocFailures;
        public long lockClashes;
    }

    Cache(Kernel kernel, String name, BlockDevice metaDev, BlockDevice cacheDev, BlockDevice originDev,
          long blockSectors, List<String> features, String policyName, List<String> policyArgs) {
        this.kernel = kernel;
        this.name = name;
        this.metaDev = metaDev;
        this.cacheDev = cacheDev;
        this.originDev = originDev;
        this.blockSectors = blockSectors;
        this.originBlocks = originDev.capacity / blockSectors;
        this.mode = CacheMode.of(features);
        this.discardPassdown = !features.contains("no_discard_passdown");
        this.metadata2 = features.contains("metadata2");
        this.policyName = policyName;
        this.policyArgs = List.copyOf(policyArgs);
        for (int i = 0; i + 1 < policyArgs.size(); i += 2) {
            if (policyArgs.get(i).equalsIgnoreCase("migration_threshold")) {
                migrationThreshold = Long.parseLong(policyArgs.get(i + 1));
            }
        }
        this.policy = CachePolicy.create(policyName, cacheDev.capacity / blockSectors, originDev.capacity,
                blockSectors, kernel.sim::now);
        if (policy instanceof SmqPolicy smq) {
            smq.idleSinceCreation(); // the replayed cache existed before its trace began
        }
        if (mode == CacheMode.PASSTHROUGH) {
            policy.disallowMigrations();
        }
        long dbs = blockSectors;
        while (originDev.capacity / dbs > MAX_DISCARD_BLOCKS) {
            dbs *= 2;
        }
        this.discardBlockSectors = dbs;
        this.cellPool = new Mempool(kernel, "prison v2 cell_pool of " + name, PoolKind.MEMPOOL, MIN_CELLS, 0);
        this.migrationPool = new Mempool(kernel, "migration_pool of " + name, PoolKind.MEMPOOL, MIGRATION_POOL_SIZE,
                0);
        this.writethroughBs = mode == CacheMode.WRITETHROUGH
                ? new Bioset(cacheDev.layer, "cache->bs of " + name, Bioset.BIO_POOL_SIZE, false, null) : null;
        this.copier = new KcopydClient(cacheDev.layer, "cache " + name, KcopydClient.SUB_JOB_SECTORS_V53,
                KcopydThrottle.unlimited(), null);
        this.wq = new Workqueue(kernel, "dm-cache/" + name, 0);
        this.deferredWorker = new WorkItem("process_deferred_bios(" + name + ")", DeferredBioWorker::new);
        this.migrationWorker = new WorkItem("check_migrations(" + name + ")", MigrationWorker::new);
        this.committer = new WorkItem("__commit(" + name + ")", CommitWork::new);
        this.idleSince = kernel.sim.now();
    }

    List<Mempool> mempools() {
        List<Mempool> l = new ArrayList<>(List.of(cellPool, migrationPool, copier.jobPool(), copier.dmIo().ioPool(),
                copier.dmIo().bioset().bioPool));
        if (writethroughBs != null) {
            l.add(writethroughBs.bioPool);
        }
        return l;
    }

    static boolean isWrite(Bio b) {
        return b.op.isWrite() && b.op != Op.DISCARD;
    }

    long oblock(Bio b) {
        return b.sector / blockSectors;
    }

    // ---------------------------------------------------------------- the map path

    /**
     * The knob {@code cacheWakerPhase}: the cache's waker first ticks {@code phaseNs} after now. A replayed cache
     * stands for one the kernel made before the trace began; where its once-a-second waker stood is not in the
     * trace, and smq's promotions depend on it (each tick ends a hotspot period). Other policies have no periods.
     */
    public void wakerFirstTickAfter(long phaseNs) {
        if (policy instanceof SmqPolicy smq) {
            smq.wakerPhase(kernel.sim.now() + phaseNs);
        }
    }

    /**
     * Makes the cache's smq policy promote as the traced kernel's did ({@link TracedPromotions}, times from the
     * trace's start, which is now); other policies decide alone. Returns whether the policy follows them.
     */
    public boolean followPromotions(TracedPromotions promotions) {
        if (policy instanceof SmqPolicy smq) {
            smq.follow(promotions, kernel.sim.now());
            return true;
        }
        return false;
    }

    /** The cache block smq mapped {@code oblock} to, or -1 (unmapped, or another policy). */
    public long cblockOf(long oblock) {
        return policy instanceof SmqPolicy smq ? smq.cblockOf(oblock) : -1;
    }

    /**
     * {@code cache_map}'s part after the per-bio data is set up: bios past the last whole origin block go to the
     * origin; flushes and discards to the worker; the rest through {@link #mapBio}.
     */
    Mapped map(Task t, Bio bio, PerBio pb) {
        if (oblock(bio) >= originBlocks) {
            bio.dev = originDev;
            accountedBegin(pb, bio);
            count(bio, "OUT_OF_RANGE", t);
            return Mapped.REMAPPED;
        }
        if (bio.has(Bio.PREFLUSH) || bio.op == Op.DISCARD) {
            defer(bio);
            return Mapped.SUBMITTED;
        }
        armWaker();
        return mapBio(t, bio, pb);
    }

    /** {@code defer_bio}. */
    void defer(Bio bio) {
        deferredBios.add(bio);
        bio.at = deferredWorker;
        wq.queue(deferredWorker);
    }

    /**
     * {@code map_bio}: take the block's shared lock, ask the policy, and remap to the cache (hit) or the origin
     * (miss); a whole-block write that the policy promotes becomes the promotion's overwrite bio. A bio with
     * REQ_FUA waits for the next commit. Sets {@link #commitNeeded}.
     */
    Mapped mapBio(Task t, Bio bio, PerBio pb) {
        commitNeeded = false;
        long block = oblock(bio);
        if (!detainShared(t, block, bio, pb)) {
            commitNeeded = true;
            return Mapped.SUBMITTED;
        }
        boolean write = isWrite(bio);
        CachePolicy.Lookup l;
        if (optimisable(bio, block)) {
            l = policy.lookup(block, write, true);
            if (!l.hit() && l.work() != null) {
                dropShared(pb);
                switch (startMigration(t, l.work(), bio)) {
                    case OVERWRITE_NOW -> {
                        return Mapped.REMAPPED;
                    }
                    case STARTED -> {
                        return Mapped.SUBMITTED;
                    }
                    default -> {
                        // no migration could be allocated: the model sends the bio on as a miss (see the class note)
                        return miss(t, bio, pb, block, write);
                    }
                }
            }
        } else {
            l = policy.lookup(block, write, false);
            if (l.backgroundQueued()) {
                wakeMigrationWorker();
            }
        }
        if (!l.hit()) {
            return miss(t, bio, pb, block, write);
        }
        if (mode == CacheMode.PASSTHROUGH && write) {
            return invalidateStart(t, bio, pb, block, l.cblock());
        }
        if (write) {
            stats.writeHits++;
        } else {
            stats.readHits++;
        }
        if (mode == CacheMode.PASSTHROUGH) {
            checkTickBio(bio, pb);
            bio.dev = originDev;
            count(bio, "HIT_PASSTHROUGH", t);
        } else if (write && mode == CacheMode.WRITETHROUGH && !dirty.get((int) l.cblock())) {
            // remap_to_origin_and_cache: the origin clone is made from the bio as it came in (origin sector), so
            // the remap to the cache waits for the caller's clone (writethroughClone); no tick bio on this path
            pb.writethroughCblock = l.cblock();
            accountedBegin(pb, bio);
            return Mapped.WRITETHROUGH;
        } else {
            checkTickBio(bio, pb);
            remapToCache(bio, l.cblock());
            if (write) {
                setDirty(l.cblock(), false);
                clearDiscardIfWrite(bio, block);
            }
            count(bio, "HIT_CACHE", t);
        }
        return finishMap(t, bio, pb);
    }

    /**
     * {@code check_if_tick_bio_needed} (from {@code remap_to_origin_clear_discard} and {@code remap_to_cache_dirty}):
     * once the previous tick bio completed, the next data bio remapped becomes the tick bio.
     */
    private void checkTickBio(Bio bio, PerBio pb) {
        if (needTickBio && !bio.has(Bio.PREFLUSH) && !bio.has(Bio.FUA) && bio.op != Op.DISCARD) {
            pb.tick = true;
            needTickBio = false;
        }
    }

    /**
     * A mapping the cache holds when it is resumed over existing metadata ({@code load_mapping}: the policy's
     * {@code load_mapping} and, for a dirty block, the dirty bitset). A replayed cache starts empty; tests load
     * mappings to start from a populated cache.
     */
    void loadMapping(long oblock, long cblock, boolean isDirty) {
        policy.loadMapping(oblock, cblock, isDirty);
        if (isDirty && !dirty.get((int) cblock)) {
            dirty.set((int) cblock);
            nrDirty++;
        }
    }

    /** The tick half of {@code cache_end_io}: the tick bio completed, so tick the policy and pick a new one. */
    void tickBioCompleted(PerBio pb) {
        if (pb.tick) {
            pb.tick = false;
            policy.tick();
            needTickBio = true;
        }
    }

    /** {@code cache->need_tick_bio}, true when the cache is created. */
    private boolean needTickBio = true;

    /**
     * Passthrough mode's write to a cached block ({@code map_bio} with 4ca8b8bd952d and its companion fix that
     * returns {@code DM_MAPIO_SUBMITTED}): the shared lock is dropped, the block counts as demoted, and
     * {@code invalidate_start} locks the block against reads and writes, removes the mapping from the policy and
     * the metadata, commits, and only then sends the write to the origin; the lock is released and the bio ended
     * when the write completed. The 6.1 release remaps the bio in {@code invalidate_remove} without submitting it
     * (and returns {@code DM_MAPIO_REMAPPED} from {@code map_bio}), so such a write never completes there; the model
     * follows the fixed form. The kernel allocates the migration with {@code GFP_NOIO}; the model does not sleep
     * in the map path and defers the bio to the worker when the pool is empty, which retries it.
     */
    private Mapped invalidateStart(Task t, Bio bio, PerBio pb, long oblock, long cblock) {
        if (migrationPool.tryAlloc(Gfp.NOWAIT, t == null ? null : t.name) != Mempool.Attempt.GOT) {
            stats.migrationAllocFailures++;
            dropShared(pb);
            defer(bio);
            return Mapped.SUBMITTED;
        }
        stats.writeHits++;
        dropShared(pb);
        stats.demotions++;
        Migration mg = Migration.invalidation(this, oblock, cblock, bio);
        migrationPool.attach(mg, t == null ? null : t.name, bio.id);
        if (cellPool.tryAlloc(Gfp.NOWAIT, t == null ? null : t.name) != Mempool.Attempt.GOT) {
            invalidateComplete(mg, false);
            return Mapped.SUBMITTED;
        }
        BlockLock c = cellFor(t, oblock, bio.id);
        if (c.exclusive) {
            stats.lockClashes++;
            invalidateComplete(mg, false);
            return Mapped.SUBMITTED;
        }
        c.exclusive = true;
        c.level = BlockLock.READ_WRITE_LOCK_LEVEL;
        c.holder = mg;
        mg.cell = c;
        bio.at = c;
        if (c.shared > 0) {
            quiesce(mg, Migration.Next.INVALIDATE_REMOVE);
        } else {
            queueContinuation(mg, Migration.Next.INVALIDATE_REMOVE);
        }
        return Mapped.SUBMITTED;
    }

    /** {@code invalidate_remove} and {@code invalidate_cblock}: an unmapped block is harmless (-ENODATA). */
    private void invalidateRemove(Migration mg) {
        if (policy.invalidate(mg.invalidateCblock)) {
            meta.remove(mg.invalidateCblock);
        }
        mg.next = Migration.Next.INVALIDATE_COMMITTED;
        continueAfterCommit(mg);
        scheduleCommit();
    }

    /** {@code invalidate_committed}: the write goes to the origin, its completion hooked. */
    private Step invalidateCommitted(Task t, Migration mg) {
        if (mg.failed) {
            invalidateComplete(mg, false);
            return Step.RETURN;
        }
        Bio bio = hookOverwrite(mg, Migration.Next.INVALIDATE_COMPLETED);
        bio.dev = originDev;
        clearDiscardIfWrite(bio, mg.invalidateOblock);
        bio.at = null;
        count(bio, "INVALIDATE_ORIGIN", t);
        observeRemap(t, bio);
        return Gmr.submit(t, bio);
    }

    /** {@code invalidate_complete}: unlock, end the write (with an error if it was never issued). */
    private void invalidateComplete(Migration mg, boolean success) {
        if (mg.cell != null) {
            unlock(mg);
        }
        Bio bio = mg.overwrite;
        if (!success && bio.status == 0) {
            bio.status = 10;
        }
        bio.at = null;
        BioOps.endio(bio);
        migrationPool.free(mg);
    }

    /** Set by {@link #mapBio}: the bio waits for a lock or a commit, so a commit should come soon. */
    boolean commitNeeded;

    private Mapped miss(Task t, Bio bio, PerBio pb, long block, boolean write) {
        if (write) {
            stats.writeMisses++;
        } else {
            stats.readMisses++;
        }
        if (pb.reqNr != 0) {
            // a duplicate write-through bio no longer needed: the block was demoted
            bio.at = null;
            BioOps.endio(bio);
            return Mapped.SUBMITTED;
        }
        accountedBegin(pb, bio);
        checkTickBio(bio, pb);
        bio.dev = originDev;
        clearDiscardIfWrite(bio, block);
        count(bio, "MISS_ORIGIN", t);
        return finishMap(t, bio, pb);
    }

    /** The end of {@code map_bio}: REQ_FUA bios are issued after the next commit. */
    Mapped finishMap(Task t, Bio bio, PerBio pb) {
        if (bio.has(Bio.FUA)) {
            accountedComplete(pb);
            issueAfterCommit(bio);
            commitNeeded = true;
            return Mapped.SUBMITTED;
        }
        return Mapped.REMAPPED;
    }

    /**
     * {@code remap_to_origin_and_cache} (dm-cache-target.c v6.1) of a write-through write {@link #mapBio} returned
     * as {@link Mapped#WRITETHROUGH}, with the clone the caller allocated: {@code bio_alloc_clone} on the origin
     * device from the bio as it came in (so at its origin sector), {@code bio_chain} to it, {@code clear_discard},
     * and the original bio remapped to its cache block ({@code remap_to_cache}); the caller then submits the clone
     * ({@code submit_bio}) and finishes the map. The clone is the target's own bio: dm core records no remap for it
     * (the trace shows a {@code Q} on the origin without an {@code A}, as for the cache's other own I/O), so it is
     * not reported as a remap of the top-level bio; only the original, remapped to the cache, is.
     */
    void writethroughClone(Task t, Bio bio, Bio clone) {
        PerBio pb = ((TargetIo) bio.owner).perBio(PerBio.class);
        long block = oblock(bio);
        BioOps.cloneFast(clone, bio);
        clone.dev = originDev;
        BioOps.chain(clone, bio);
        clearDiscardIfWrite(clone, block);
        count(clone, "WRITETHROUGH_ORIGIN", t);
        remapToCache(bio, pb.writethroughCblock);
        count(bio, "HIT_CACHE", t);
    }

    private boolean optimisable(Bio bio, long block) {
        return mode == CacheMode.WRITEBACK
                && (isDiscarded(block) || isWrite(bio) && bio.sectors == blockSectors && bio.sector % blockSectors == 0);
    }

    private void remapToCache(Bio bio, long cblock) {
        long off = bio.sector % blockSectors;
        bio.dev = cacheDev;
        bio.sector = cblock * blockSectors + off;
    }

    // ---------------------------------------------------------------- the bio prison

    private BlockLock cellFor(Task t, long oblock, long bioId) {
        BlockLock c = prison.get(oblock);
        BlockLock fresh = new BlockLock(name, oblock);
        cellPool.attach(fresh, t == null ? null : t.name, bioId);
        if (c != null) {
            cellPool.free(fresh); // the preallocated cell goes straight back
            return c;
        }
        prison.put(oblock, fresh);
        return fresh;
    }

    /** {@code bio_detain_shared}: false when the bio waits in the cell or was deferred for want of a cell. */
    private boolean detainShared(Task t, long oblock, Bio bio, PerBio pb) {
        if (cellPool.tryAlloc(Gfp.NOWAIT, t == null ? null : t.name) != Mempool.Attempt.GOT) {
            stats.deferredForCell++;
            defer(bio);
            return false;
        }
        BlockLock c = cellFor(t, oblock, bio.id);
        if (c.blocks(bio)) {
            stats.cellWaits++;
            c.waiting.add(bio);
            bio.at = c;
            return false;
        }
        c.shared++;
        pb.cell = c;
        return true;
    }

    /** {@code bio_drop_shared_lock} ({@code dm_cell_put_v2}). */
    void dropShared(PerBio pb) {
        BlockLock c = pb.cell;
        if (c == null) {
            return;
        }
        pb.cell = null;
        c.shared--;
        if (c.shared > 0) {
            return;
        }
        if (c.quiescing != null) {
            Migration mg = c.quiescing;
            c.quiescing = null;
            queueContinuation(mg, c.quiesceNext);
        } else if (!c.exclusive) {
            releaseCell(c);
        }
    }

    private void releaseCell(BlockLock c) {
        prison.remove(c.oblock);
        cellPool.free(c);
    }

    /** {@code dm_cell_quiesce_v2}: continue once no bio holds the cell shared. */
    private void quiesce(Migration mg, Migration.Next next) {
        if (mg.cell.shared == 0) {
            queueContinuation(mg, next);
        } else {
            mg.cell.quiescing = mg;
            mg.cell.quiesceNext = next;
        }
    }

    // ---------------------------------------------------------------- migrations

    /**
     * {@code mg_start} and {@code mg_lock_writes}: allocates the migration and locks the origin block (writes out;
     * with an overwrite bio, everything out), then copies at once or after the shared holders drained.
     */
    private Start startMigration(Task t, PolicyWork op, Bio overwrite) {
        if (migrationPool.tryAlloc(Gfp.NOWAIT, t == null ? null : t.name) != Mempool.Attempt.GOT) {
            stats.migrationAllocFailures++;
            policy.complete(op, false);
            return Start.FAILED;
        }
        Migration mg = new Migration(this, op, overwrite);
        migrationPool.attach(mg, t == null ? null : t.name, overwrite == null ? 0 : overwrite.id);
        if (overwrite == null) {
            ioMigrations++;
        }
        if (cellPool.tryAlloc(Gfp.NOWAIT, t == null ? null : t.name) != Mempool.Attempt.GOT) {
            complete(mg, false);
            return Start.STARTED;
        }
        BlockLock c = cellFor(t, op.oblock(), overwrite == null ? 0 : overwrite.id);
        if (c.exclusive) {
            stats.lockClashes++;
            complete(mg, false);
            return Start.STARTED;
        }
        c.exclusive = true;
        c.level = overwrite != null ? BlockLock.READ_WRITE_LOCK_LEVEL : BlockLock.WRITE_LOCK_LEVEL;
        c.holder = mg;
        mg.cell = c;
        if (c.shared > 0) {
            if (overwrite != null) {
                overwrite.at = c;
            }
            quiesce(mg, Migration.Next.COPY);
            return Start.STARTED;
        }
        if (overwrite != null) {
            prepareOverwrite(t, mg);
            return Start.OVERWRITE_NOW;
        }
        mg.next = Migration.Next.COPY;
        wq.queue(mg.work); // check_migrations calls mg_copy itself; the model runs it as the migration's work
        return Start.STARTED;
    }

    /** What {@link #startMigration} did. */
    private enum Start {
        /** The overwrite bio was remapped to the new cache block: the caller submits it now. */
        OVERWRITE_NOW,
        /** The migration runs (or already failed and ended its bio, as {@code mg_complete} does). */
        STARTED,
        /** No migration could be allocated ({@code mg_start} returned -ENOMEM). */
        FAILED
    }

    /** {@code dm_hook_bio} with {@code overwrite_endio}: the bio's completion continues the migration at {@code next}. */
    private Bio hookOverwrite(Migration mg, Migration.Next next) {
        Bio bio = mg.overwrite;
        mg.savedEndIo = bio.endIo;
        bio.endIo = done -> {
            done.endIo = mg.savedEndIo;
            mg.failed |= done.status != 0;
            queueContinuation(mg, next);
        };
        return bio;
    }

    /** {@code overwrite}: the whole-block write goes to the new cache block, its completion hooked. */
    private Bio prepareOverwrite(Task t, Migration mg) {
        Bio bio = hookOverwrite(mg, Migration.Next.UPDATE_METADATA_AFTER_COPY);
        remapToCache(bio, mg.op.cblock());
        accountedBegin(((TargetIo) bio.owner).perBio(PerBio.class), bio);
        bio.at = null;
        stats.overwrites++;
        count(bio, "OVERWRITE_PROMOTION", t);
        return bio;
    }

    void queueContinuation(Migration mg, Migration.Next next) {
        mg.next = next;
        wq.queue(mg.work);
    }

    /** One continuation of a migration, on the cache workqueue. Returns CALL when it pushed a frame. */
    Step runContinuation(Task t, Migration mg) {
        switch (mg.next) {
            case COPY -> {
                return mgCopy(t, mg);
            }
            case UPGRADE_LOCK -> mgUpgradeLock(mg);
            case UPDATE_METADATA -> mgUpdateMetadata(mg);
            case UPDATE_METADATA_AFTER_COPY -> {
                if (mg.failed) {
                    complete(mg, false);
                } else {
                    mgUpdateMetadata(mg);
                }
            }
            case SUCCESS -> complete(mg, !mg.failed);
            case INVALIDATE_REMOVE -> invalidateRemove(mg);
            case INVALIDATE_COMMITTED -> {
                return invalidateCommitted(t, mg);
            }
            case INVALIDATE_COMPLETED -> invalidateComplete(mg, !mg.failed);
        }
        return Step.RETURN;
    }

    /** {@code mg_copy}. */
    private Step mgCopy(Task t, Migration mg) {
        if (mg.overwrite != null) {
            Bio bio = prepareOverwrite(t, mg);
            observeRemap(t, bio);
            return Gmr.submit(t, bio);
        }
        boolean promote = mg.op.op() == PolicyWork.Op.PROMOTE;
        if (!promote && !dirty.get((int) mg.op.cblock()) || isDiscarded(mg.op.oblock())) {
            stats.copiesAvoided++;
            mgUpgradeLock(mg);
            return Step.RETURN;
        }
        Region o = new Region(originDev, mg.op.oblock() * blockSectors, blockSectors);
        Region c = new Region(cacheDev, mg.op.cblock() * blockSectors, blockSectors);
        Region from = promote ? o : c;
        Region to = promote ? c : o;
        return copier.copy(t, from, List.of(to), (w, readErr, writeErr) -> {
            mg.failed |= readErr || writeErr != 0;
            queueContinuation(mg, Migration.Next.UPGRADE_LOCK);
            return null;
        });
    }

    /** {@code mg_upgrade_lock}. */
    private void mgUpgradeLock(Migration mg) {
        if (mg.failed) {
            complete(mg, false);
            return;
        }
        mg.cell.level = BlockLock.READ_WRITE_LOCK_LEVEL;
        if (mg.cell.shared > 0) {
            quiesce(mg, Migration.Next.UPDATE_METADATA);
        } else {
            mgUpdateMetadata(mg);
        }
    }

    /** {@code mg_update_metadata}: a demotion completes only after a commit. */
    private void mgUpdateMetadata(Migration mg) {
        switch (mg.op.op()) {
            case PROMOTE -> {
                meta.insert(mg.op.cblock());
                complete(mg, true);
            }
            case DEMOTE -> {
                meta.remove(mg.op.cblock());
                mg.next = Migration.Next.SUCCESS;
                continueAfterCommit(mg);
                scheduleCommit();
            }
            case WRITEBACK -> complete(mg, true);
        }
    }

    /** {@code mg_complete}. */
    private void complete(Migration mg, boolean success) {
        PolicyWork op = mg.op;
        if (success) {
            switch (op.op()) {
                case PROMOTE -> stats.promotions++;
                case DEMOTE -> stats.demotions++;
                case WRITEBACK -> stats.writebacks++;
            }
        }
        switch (op.op()) {
            case PROMOTE -> {
                clearDiscard(op.oblock());
                policy.complete(op, success);
                if (mg.overwrite != null) {
                    if (success) {
                        setDirty(op.cblock(), true);
                    } else if (mg.overwrite.status == 0) {
                        mg.overwrite.status = 10;
                    }
                    mg.overwrite.at = null;
                    BioOps.endio(mg.overwrite);
                } else {
                    if (success) {
                        clearDirty(op.cblock());
                    }
                    ioMigrations--;
                }
            }
            case DEMOTE, WRITEBACK -> {
                if (success) {
                    clearDirty(op.cblock());
                }
                policy.complete(op, success);
                ioMigrations--;
            }
        }
        if (mg.cell != null) {
            unlock(mg);
        }
        migrationPool.free(mg);
        wakeMigrationWorker();
    }

    /** {@code dm_cell_unlock_v2}: the bios that waited go back to the worker. */
    private void unlock(Migration mg) {
        BlockLock c = mg.cell;
        c.exclusive = false;
        c.holder = null;
        List<Bio> held = new ArrayList<>(c.waiting);
        c.waiting.clear();
        if (c.shared == 0) {
            releaseCell(c);
        }
        for (Bio b : held) {
            defer(b);
        }
    }

    /** The cache's kcopyd client ({@code cache->copier}), for a trace replay's learnt kcopyd runs. */
    public KcopydClient kcopyd() {
        return copier;
    }

    void wakeMigrationWorker() {
        if (mode != CacheMode.PASSTHROUGH) {
            wq.queue(migrationWorker);
        }
    }

    /** {@code spare_migration_bandwidth}: the origin idle for a period and little migration I/O in flight. */
    private boolean idle() {
        boolean idle = inFlightSectors == 0 && kernel.sim.now() > idleSince + COMMIT_PERIOD_NS;
        return idle && (ioMigrations + 1) * blockSectors <= migrationThreshold;
    }

    /**
     * {@code do_waker}, armed while there is something to clean: every {@code COMMIT_PERIOD} it wakes the
     * migration worker; it stops once nothing is dirty, or when the origin is idle and a whole period went by
     * without a write-back finishing and none in flight (nothing more will happen).
     */
    private void armWaker() {
        if (wakerArmed || nrDirty == 0 && !policy.hasQueuedWork() || mode == CacheMode.PASSTHROUGH) {
            return;
        }
        wakerArmed = true;
        long now = kernel.sim.now();
        long at = (now / COMMIT_PERIOD_NS + 1) * COMMIT_PERIOD_NS;
        kernel.sim.at(at, () -> {
            wakerArmed = false;
            boolean progress = stats.writebacks != writebacksAtLastTick;
            writebacksAtLastTick = stats.writebacks;
            wakeMigrationWorker();
            boolean waitingForIdle = inFlightSectors > 0 || kernel.sim.now() <= idleSince + COMMIT_PERIOD_NS;
            if (progress || ioMigrations > 0 || waitingForIdle || policy.hasQueuedWork()) {
                armWaker();
            }
        });
    }

    // ---------------------------------------------------------------- io tracker, dirty and discard bits

    /** {@code accounted_begin}: every bio but a discard counts as origin activity. */
    void accountedBegin(PerBio pb, Bio bio) {
        if (bio.op != Op.DISCARD) {
            pb.len = bio.sectors;
            inFlightSectors += pb.len;
        }
    }

    /** {@code accounted_complete}. */
    void accountedComplete(PerBio pb) {
        if (pb.len == 0) {
            return;
        }
        inFlightSectors -= pb.len;
        pb.len = 0;
        if (inFlightSectors == 0) {
            idleSince = kernel.sim.now();
        }
    }

    /**
     * {@code set_dirty} (the policy hears of the block only when it becomes dirty) or, with {@code force},
     * {@code force_set_dirty} (always: smq then moves the block to the back of its level in the dirty queue).
     */
    private void setDirty(long cblock, boolean force) {
        boolean was = dirty.get((int) cblock);
        if (!was) {
            dirty.set((int) cblock);
            nrDirty++;
        }
        if (force || !was) {
            policy.setDirty(cblock);
        }
        armWaker();
    }

    private void clearDirty(long cblock) {
        if (dirty.get((int) cblock)) {
            dirty.clear((int) cblock);
            nrDirty--;
        }
        policy.clearDirty(cblock);
    }

    private boolean isDiscarded(long oblock) {
        return discarded.get((int) (oblock * blockSectors / discardBlockSectors));
    }

    private void clearDiscard(long oblock) {
        discarded.clear((int) (oblock * blockSectors / discardBlockSectors));
    }

    private void clearDiscardIfWrite(Bio bio, long oblock) {
        if (isWrite(bio)) {
            clearDiscard(oblock);
        }
    }

    // ---------------------------------------------------------------- the batcher (commits)

    /** {@code continue_after_commit}. */
    private void continueAfterCommit(Migration mg) {
        afterCommitWork.add(mg);
        if (commitScheduled) {
            wq.queue(committer);
        }
    }

    /** {@code issue_after_commit}. */
    void issueAfterCommit(Bio bio) {
        afterCommitBios.add(bio);
        bio.at = committer;
        if (commitScheduled) {
            wq.queue(committer);
        }
    }

    /** {@code schedule_commit}: commits at once when work waits for it, else marks the next batch to commit. */
    void scheduleCommit() {
        boolean immediate = !afterCommitWork.isEmpty() || !afterCommitBios.isEmpty();
        commitScheduled = true;
        if (immediate) {
            wq.queue(committer);
        }
    }

    /** The remap record of a bio the cache issues itself (dm core records those it returns REMAPPED). */
    private void observeRemap(Task t, Bio b) {
        kernel.observeRemap(t, name, b, ((TargetIo) b.owner).io.origBio.id, "cache");
    }

    /** Bios and sectors the cache remapped or issued, per device, path and RWBS, with the issuer. */
    void count(Bio b, String path, Task t) {
        String issuer = t != null && t.kind == Task.Kind.KWORKER ? "worker" : "task";
        long[] c = dataIo.computeIfAbsent(b.dev.name + "\t" + path + "\t" + DmIoClient.rwbs(b) + "\t" + issuer,
                k -> new long[2]);
        c[0]++;
        c[1] += b.sectors;
    }

    /** The data bios per device, path, RWBS and issuer ({@code task} or {@code worker}): {bios, sectors}. */
    public Map<String, long[]> dataIo() {
        return java.util.Collections.unmodifiableMap(dataIo);
    }

    /** The I/O the cache's own threads issued: kcopyd's copies and the metadata commits, per device and class. */
    public List<DmIoClient.IoCount> workerIo() {
        List<DmIoClient.IoCount> l = new ArrayList<>(copier.dmIo().counts());
        l.addAll(DmIoClient.rows(metadataIo));
        return l;
    }

    public Stats stats() {
        return stats;
    }

    /**
     * The fields of {@code cache_status} (STATUSTYPE_INFO) the model keeps, from the cache block size on:
     * {@code <block size> <used>/<total cache blocks> <read hits> <read misses> <write hits> <write misses>
     * <demotions> <promotions> <dirty> <#features> <features> 2 migration_threshold <n> <policy> <#args> <args>}.
     * The metadata usage that precedes them in the kernel's line is not modelled.
     */
    public String status() {
        StringBuilder sb = new StringBuilder();
        sb.append(blockSectors).append(' ').append(policy.residency()).append('/').append(policy.cacheBlocks())
                .append(' ').append(stats.readHits).append(' ').append(stats.readMisses).append(' ')
                .append(stats.writeHits).append(' ').append(stats.writeMisses).append(' ').append(stats.demotions)
                .append(' ').append(stats.promotions).append(' ').append(nrDirty).append(' ');
        sb.append(metadata2 ? "2 metadata2 " : "1 ").append(mode.name().toLowerCase(java.util.Locale.ROOT))
                .append(" 2 migration_threshold ").append(migrationThreshold).append(' ').append(policyName)
                .append(' ').append(policyArgs.size());
        for (String a : policyArgs) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- the work items

    /**
     * {@code process_deferred_bios}: flushes go to the origin (first flush bio) or the cache (second) after the
     * next commit; discards mark the discard bitset and go on to the origin ({@code discard_passdown}); the rest
     * through {@code map_bio}; a commit when any of them needs one.
     */
    private final class DeferredBioWorker extends Frame {
        /** process_deferred_bios(), v6.1: {@code bio_list_merge(&bios, &cache->deferred_bios)}. */
        private static final int TAKE_DEFERRED_BIOS = 0;
        /** process_deferred_bios(), v6.1: {@code while ((bio = bio_list_pop(&bios)))}: flush, discard or map. */
        private static final int NEXT_BIO = 1;
        /** remap_to_origin_and_cache(), v6.1: the origin clone arrived from {@code cache->bs}. */
        private static final int WRITETHROUGH_CLONE_ALLOCATED = 2;

        private final ArrayDeque<Bio> out = new ArrayDeque<>();
        private final ArrayDeque<Bio> work = new ArrayDeque<>();
        private boolean needCommit;
        private Bio wt;

        @Override
        public Step step(Task t) {
            while (true) {
                while (!out.isEmpty()) {
                    if (Gmr.submit(t, out.pollFirst()) == CALL) {
                        return CALL;
                    }
                }
                switch (pc) {
                    case TAKE_DEFERRED_BIOS -> {
                        work.addAll(deferredBios);
                        deferredBios.clear();
                        pc = NEXT_BIO;
                    }
                    case NEXT_BIO -> {
                        Bio b = work.pollFirst();
                        if (b == null) {
                            if (needCommit) {
                                scheduleCommit();
                            }
                            return RETURN;
                        }
                        b.at = null;
                        PerBio pb = ((TargetIo) b.owner).perBio(PerBio.class);
                        if (b.has(Bio.PREFLUSH)) {
                            if (pb.reqNr == 0) {
                                b.dev = originDev;
                            } else {
                                remapToCache(b, 0);
                            }
                            count(b, "FLUSH", t);
                            issueAfterCommit(b);
                            needCommit = true;
                        } else if (b.op == Op.DISCARD) {
                            processDiscard(t, b);
                        } else {
                            Mapped m = mapBio(t, b, pb);
                            needCommit |= commitNeeded;
                            if (m == Mapped.REMAPPED) {
                                observeRemap(t, b);
                                out.add(b);
                            } else if (m == Mapped.WRITETHROUGH) {
                                wt = b;
                                pc = WRITETHROUGH_CLONE_ALLOCATED;
                                if (dev.dmreplay.replay.block.BioAlloc.alloc(t, writethroughBs, Gfp.NOIO, 0) == CALL) {
                                    return CALL;
                                }
                            }
                        }
                    }
                    case WRITETHROUGH_CLONE_ALLOCATED -> {
                        writethroughClone(t, wt, t.retBio);
                        out.add(t.retBio);
                        PerBio pb = ((TargetIo) wt.owner).perBio(PerBio.class);
                        if (finishMap(t, wt, pb) == Mapped.REMAPPED) {
                            // process_bio: dm_submit_bio_remap records the remap to the cache, as for any bio
                            // map_bio remapped (the origin clone, the target's own bio, has none)
                            observeRemap(t, wt);
                            out.add(wt);
                        } else {
                            needCommit = true;
                        }
                        wt = null;
                        pc = NEXT_BIO;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        private void processDiscard(Task t, Bio b) {
            stats.discards++;
            long sb = b.sector;
            long se = b.sector + b.sectors;
            long first = (sb + discardBlockSectors - 1) / discardBlockSectors;
            long end = se - sb < discardBlockSectors ? first : se / discardBlockSectors;
            for (long d = first; d < end; d++) {
                discarded.set((int) d);
            }
            if (discardPassdown) {
                b.dev = originDev;
                count(b, "DISCARD_PASSDOWN", t);
                observeRemap(t, b);
                out.add(b);
            } else {
                BioOps.endio(b);
            }
        }

        @Override
        public String function() {
            return "process_deferred_bios";
        }
    }

    /** {@code check_migrations}: starts the policy's background work until it has none. */
    private final class MigrationWorker extends Frame {
        @Override
        public Step step(Task t) {
            while (true) {
                PolicyWork op = policy.backgroundWork(idle());
                if (op == null) {
                    armWaker();
                    return RETURN;
                }
                startMigration(t, op, null);
            }
        }

        @Override
        public String function() {
            return "check_migrations";
        }
    }

    /** The batcher's {@code __commit}: commit if the transaction changed, then the waiting work and bios. */
    private final class CommitWork extends Frame {
        /** __commit(), v6.1: take the batch's work items and bios, {@code commit_scheduled = false}, commit_op. */
        private static final int TAKE_BATCH = 0;
        /** __commit(), v6.1: {@code commit()} → {@code dm_cache_commit()} returned. */
        private static final int COMMIT_RETURNED = 1;
        /** __commit(), v6.1: {@code queue_work(b->wq, ws)} for each waiting continuation. */
        private static final int QUEUE_CONTINUATIONS = 2;
        /** __commit(), v6.1: {@code while ((bio = bio_list_pop(&bios))) b->issue_op(bio, ...)}. */
        private static final int ISSUE_BIOS = 3;

        private List<Migration> work;
        private final ArrayDeque<Bio> bios = new ArrayDeque<>();

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case TAKE_BATCH -> {
                        work = new ArrayList<>(afterCommitWork);
                        afterCommitWork.clear();
                        bios.addAll(afterCommitBios);
                        afterCommitBios.clear();
                        commitScheduled = false;
                        pc = QUEUE_CONTINUATIONS;
                        if (meta.changedThisTransaction()) {
                            pc = COMMIT_RETURNED;
                            return t.call(new MetadataCommit(Cache.this));
                        }
                    }
                    case COMMIT_RETURNED -> {
                        stats.commits++;
                        pc = QUEUE_CONTINUATIONS;
                    }
                    case QUEUE_CONTINUATIONS -> {
                        for (Migration mg : work) {
                            queueContinuation(mg, mg.next);
                        }
                        work = List.of();
                        pc = ISSUE_BIOS;
                    }
                    case ISSUE_BIOS -> {
                        Bio b = bios.pollFirst();
                        if (b == null) {
                            return RETURN;
                        }
                        b.at = null;
                        accountedBegin(((TargetIo) b.owner).perBio(PerBio.class), b); // issue_op: accounted_request
                        observeRemap(t, b);
                        if (Gmr.submit(t, b) == CALL) {
                            return CALL;
                        }
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "__commit";
        }
    }
}
