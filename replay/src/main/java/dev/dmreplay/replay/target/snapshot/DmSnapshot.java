package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.kcopyd.KcopydClient;
import dev.dmreplay.replay.kcopyd.KcopydNotify;
import dev.dmreplay.replay.kcopyd.KcopydThrottle;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.RwSemaphore;
import dev.dmreplay.replay.sim.Semaphore;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import dev.dmreplay.replay.sim.Workqueue;
import dev.dmreplay.replay.strategy.Knobs.SnapshotLocking;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct dm_snapshot} (drivers/md/dm-snap.c): the snapshot lock, the complete and pending exception tables,
 * the tracked chunks (reads remapped to the origin that {@code pending_complete} must wait for), the exception
 * store, the kcopyd client, {@code pending_pool} and, from v5.3 on, {@code cow_count}. Shared by the snapshot and
 * snapshot-merge targets and found by snapshot-origin through {@link Origins}.
 *
 * <p>Two locking eras ({@link SnapshotLocking}): {@code EXCLUSIVE} follows v4.15 ({@code down_write(&s->lock)} in
 * {@code snapshot_map}, {@code __origin_write} and {@code pending_complete}, which polls
 * {@code __check_for_conflicting_io} with the lock held); {@code BUCKET} follows v5.3+ (65fc7c370477 and the
 * follow-ups up to v6.1: {@code down_read} plus per-bucket bit spinlocks, which never sleep and are therefore not
 * modelled as blocking; {@code pending_complete} inserts the completed exception first and waits for tracked reads
 * holding no lock; {@code down(&s->cow_count)} in {@code start_copy}/{@code start_full_bio}).
 *
 * <p>Departures: exceptions are kept per chunk (the kernel merges consecutive chunks in its hash table, which
 * changes nothing observable here); {@code alloc_completed_exception(GFP_NOIO)} always succeeds (a small slab
 * allocation with direct reclaim does not fail); invalidation does not take the lock for writing.
 */
public final class DmSnapshot {
    /** {@code MIN_IOS} of dm-snap.c: the size of {@code pending_pool}. */
    public static final int PENDING_POOL = 256;
    /** {@code DEFAULT_COW_THRESHOLD}. */
    public static final int COW_THRESHOLD = 2048;
    /** {@code msleep(1)} in {@code __check_for_conflicting_io}. */
    public static final long CONFLICT_POLL_NS = 1_000_000L;

    final Kernel kernel;
    final String name;
    final boolean merge;
    final BlockDevice origin;
    final BlockDevice cow;
    final long chunk;
    final long len;
    final SnapshotLocking locking;
    final RwSemaphore lock;
    final ExceptionStore store;
    final KcopydClient kc;
    final Mempool pendingPool;
    final Semaphore cowCount;
    final Origins origins;
    boolean valid = true;
    boolean overflowed;
    boolean active = true;
    final Map<Long, Long> complete = new HashMap<>();
    final Map<Long, PendingException> pending = new HashMap<>();
    private final Map<Long, List<Bio>> tracked = new HashMap<>();
    private final Map<Long, ConflictWait> conflicts = new HashMap<>();
    long startSequence;
    long completeSequence;
    final TreeMap<Long, PendingException> outOfOrder = new TreeMap<>();
    // statistics
    long exceptionsStarted;
    long exceptionsCompleted;
    long fullChunkWrites;
    long originWritesHeld;
    long snapshotWritesHeld;
    long trackedReads;
    long conflictWaits;
    String invalidated;
    /** Held bios kcopyd resubmitted, by device, class and RWBS. */
    private final Map<String, long[]> resubmitted = new java.util.TreeMap<>();
    private final Map<String, long[]> fullChunk = new java.util.TreeMap<>();
    private MergeState mergeState;

    DmSnapshot(Kernel kernel, String name, boolean merge, BlockDevice origin, BlockDevice cow, long chunk, long len,
               String persistence, SnapshotLocking locking, Workqueue ioRescuer) {
        this.kernel = kernel;
        this.name = name;
        this.merge = merge;
        this.origin = origin;
        this.cow = cow;
        this.chunk = chunk;
        this.len = len;
        this.locking = locking;
        this.lock = new RwSemaphore("s->lock of snapshot " + name);
        this.kc = new KcopydClient(origin.layer, name, locking == SnapshotLocking.EXCLUSIVE
                ? KcopydClient.SUB_JOB_SECTORS_V4 : KcopydClient.SUB_JOB_SECTORS_V53, KcopydThrottle.unlimited(),
                ioRescuer);
        this.store = persistence.startsWith("P")
                ? new PersistentStore(chunk, cow, persistence.equals("PO"), kc.dmIo())
                : new TransientStore(chunk, cow.capacity);
        this.pendingPool = new Mempool(kernel, "pending_pool of snapshot " + name, dev.dmreplay.replay.observe.PoolKind.MEMPOOL, PENDING_POOL, 0);
        this.cowCount = locking == SnapshotLocking.BUCKET ? new Semaphore("cow_count of snapshot " + name,
                COW_THRESHOLD) : null;
        this.origins = kernel.global(Origins.class, Origins::new);
        origins.register(this);
    }

    public String name() {
        return name;
    }

    public ExceptionStore store() {
        return store;
    }

    public KcopydClient kcopyd() {
        return kc;
    }

    public RwSemaphore lock() {
        return lock;
    }

    public boolean valid() {
        return valid;
    }

    long chunkOf(long sector) {
        return sector / chunk;
    }

    /** The lock as the map paths take it: exclusive before v5.3, shared after. RETURN if taken at once. */
    Step lockMap(Task t) {
        return locking == SnapshotLocking.EXCLUSIVE ? lock.downWrite(t) : lock.downRead(t);
    }

    void unlockMap(Task t) {
        if (locking == SnapshotLocking.EXCLUSIVE) {
            lock.upWrite(t);
        } else {
            lock.upRead(t);
        }
    }

    /** {@code remap_exception()}: to the COW chunk, same offset within the chunk. */
    void remapToCow(Bio bio, long newChunk) {
        long off = bio.sector % chunk;
        bio.dev = cow;
        bio.sector = newChunk * chunk + off;
    }

    /** {@code track_chunk()}: the read's per-bio data records its chunk until {@code snapshot_end_io}. */
    void track(TargetIo tio, long c) {
        tio.perBioData = new TrackedChunk(c);
        tracked.computeIfAbsent(c, k -> new ArrayList<>(2)).add(tio.clone);
        trackedReads++;
    }

    /** {@code stop_tracking_chunk()}. */
    void untrack(TargetIo tio) {
        TrackedChunk t = tio.perBio(TrackedChunk.class);
        if (t == null) {
            return;
        }
        long c = t.chunk();
        List<Bio> l = tracked.get(c);
        if (l != null) {
            l.remove(tio.clone);
            if (l.isEmpty()) {
                tracked.remove(c);
                ConflictWait cw = conflicts.get(c);
                if (cw != null && cw.wq.hasWaiters()) {
                    kernel.sim.at(cw.pollAt, cw.wq::wakeAll); // the msleep(1) that will see it
                }
            }
        }
        tio.perBioData = null;
    }

    /** {@code __chunk_is_tracked()}. */
    boolean isTracked(long c) {
        return tracked.containsKey(c);
    }

    /**
     * {@code __check_for_conflicting_io()}: {@code while (__chunk_is_tracked) msleep(1)}. The sleeper polls every
     * millisecond (a polling wake-up, which the deadlock detector does not count as progress); when the last
     * tracked bio of the chunk completes, the next poll is made a progress event, so that a run is never judged
     * stuck while a poll that would succeed is still due.
     */
    Frame checkForConflictingIo(long c) {
        return new Frame() {
            private ConflictWait cw;

            @Override
            public Step step(Task t) {
                if (cw != null) {
                    cw.wq.finishWait(t);
                }
                if (!isTracked(c)) {
                    if (cw != null && !cw.wq.hasWaiters()) {
                        conflicts.remove(c);
                    }
                    return RETURN;
                }
                if (cw == null) {
                    conflictWaits++;
                    cw = conflicts.computeIfAbsent(c, k -> new ConflictWait(new WaitQueue("tracked reads of chunk " + k
                            + " of snapshot " + name, () -> new ArrayList<>(tracked.getOrDefault(k, List.of())))));
                }
                cw.pollAt = kernel.sim.now() + CONFLICT_POLL_NS;
                return cw.wq.sleepTimeout(t, "msleep", CONFLICT_POLL_NS);
            }

            @Override
            public String function() {
                return "__check_for_conflicting_io";
            }
        };
    }

    /** Someone polling for a chunk's tracked reads, and when it looks next. */
    private static final class ConflictWait {
        final WaitQueue wq;
        long pollAt;

        ConflictWait(WaitQueue wq) {
            this.wq = wq;
        }
    }

    /** {@code alloc_pending_exception()}, v4.15–v6.1: the pool had nothing: sleep in {@code mempool_alloc}. */
    private static final int SLEEP_FOR_PENDING = 0;
    /** {@code alloc_pending_exception()}, v4.15–v6.1: the sleeping {@code mempool_alloc} returned an element. */
    private static final int PENDING_POOL_RETURNED = 1;

    /**
     * {@code alloc_pending_exception()}: {@code mempool_alloc(&s->pending_pool, GFP_NOIO)} for {@code pe}. RETURN
     * when it got an element at once, CALL when it sleeps until one is freed.
     */
    Step allocPending(Task t, PendingException pe) {
        Mempool.Attempt r = pendingPool.tryAlloc(dev.dmreplay.replay.block.Gfp.NOIO, t.name);
        if (r == Mempool.Attempt.GOT) {
            pendingPool.attach(pe, t.name, 0);
            return Step.RETURN;
        }
        return t.call(new Frame() {
            @Override
            public Step step(Task task) {
                if (pc == SLEEP_FOR_PENDING) {
                    pc = PENDING_POOL_RETURNED;
                    return task.call(pendingPool.allocFrame());
                }
                pendingPool.attach(pe, task.name, 0);
                return RETURN;
            }

            @Override
            public String function() {
                return "alloc_pending_exception(" + name + ")";
            }
        });
    }

    void freePending(PendingException pe) {
        pendingPool.free(pe);
    }

    /**
     * {@code __insert_pending_exception()}: the store allocates the COW chunk; null when it is full (the caller
     * overflows or invalidates the snapshot).
     */
    PendingException insertPending(PendingException pe) {
        if (!store.prepareException(pe)) {
            freePending(pe);
            return null;
        }
        pe.sequence = startSequence++;
        pending.put(pe.oldChunk, pe);
        exceptionsStarted++;
        return pe;
    }

    /** {@code __invalidate_snapshot()}: the snapshot is unusable from now on; userspace gets a table event. */
    void invalidate(String why) {
        if (!valid) {
            return;
        }
        store.dropSnapshot();
        valid = false;
        invalidated = why + " at " + kernel.sim.now() + " ns";
    }

    /** The callback kcopyd runs when the copy (or whole-chunk write) of {@code pe} finished. */
    KcopydNotify copyCallback(PendingException pe) {
        return (worker, readErr, writeErr) -> {
            pe.copyError = readErr || writeErr != 0;
            return new CopyCallback(this, pe);
        };
    }

    /** Counts a held bio that the kcopyd worker resubmits ({@code flush_bios}, {@code retry_origin_bios}). */
    void countResubmit(Bio b) {
        DmIoClient.countInto(resubmitted, b, IoClass.HELD_RESUBMIT);
    }

    /** Counts a whole-chunk write submitted by the mapping task ({@code start_full_bio}). */
    void countFullChunkWrite(Bio b) {
        DmIoClient.countInto(fullChunk, b, IoClass.FULL_CHUNK_WRITE);
    }

    /** Whole-chunk writes this snapshot submitted from the mapping task, per device, class and RWBS. */
    public List<DmIoClient.IoCount> taskIo() {
        return DmIoClient.rows(fullChunk);
    }

    /**
     * Every bio this snapshot's kcopyd worker issued: copies, metadata, and held writes it resubmitted, per device,
     * class and RWBS (what a kernel trace shows as worker-issued {@code Q} without {@code A}).
     */
    public List<DmIoClient.IoCount> workerIo() {
        List<DmIoClient.IoCount> l = new ArrayList<>(kc.dmIo().counts());
        l.addAll(DmIoClient.rows(resubmitted));
        return l;
    }

    /** The merge fields ({@code first_merging_chunk}, {@code bios_queued_during_merge}, ...). */
    MergeState mergeState() {
        if (mergeState == null) {
            mergeState = new MergeState(this);
        }
        return mergeState;
    }

    /**
     * An existing COW device with {@code n} exceptions for origin chunks {@code first..first+n-1}, as
     * {@code read_metadata} would load them at construction (persistent stores only).
     */
    void preload(long first, int n) {
        if (!(store instanceof PersistentStore ps)) {
            throw new IllegalStateException("only a persistent store has exceptions on disk");
        }
        for (long[] e : ps.preload(first, n)) {
            complete.put(e[0], e[1]);
        }
    }

    /** {@code start_merge()} from {@code snapshot_merge_resume()}: the first merge step runs in {@code t}. */
    void startMerge(Task t) {
        MergeState m = mergeState();
        if (m.running) {
            return;
        }
        m.running = true;
        t.start(new MergeNextChunks(this));
    }

    /** Chunks merged back to the origin so far, and whether the merge has finished ({@code -1}: running). */
    public long chunksMerged() {
        return mergeState == null ? 0 : mergeState.chunksMerged;
    }

    public long mergeFinishedAt() {
        return mergeState == null ? -1 : mergeState.finishedAt;
    }

    /** {@code dmsetup status} of the snapshot target: {@code Invalid}, {@code Overflow} or usage. */
    public String status() {
        if (!valid) {
            return "Invalid";
        }
        if (overflowed) {
            return "Overflow";
        }
        return store.allocatedSectors() + "/" + cow.capacity + " " + store.metadataSectors();
    }

    /** Counters of this snapshot. */
    public record SnapshotStats(String snapshot, long exceptionsStarted, long exceptionsCompleted,
                                long fullChunkWrites, long originWritesHeld, long snapshotWritesHeld,
                                long trackedReads, long conflictWaits, String status, String invalidated) {
    }

    public SnapshotStats stats() {
        return new SnapshotStats(name, exceptionsStarted, exceptionsCompleted, fullChunkWrites, originWritesHeld,
                snapshotWritesHeld, trackedReads, conflictWaits, status(), invalidated);
    }

    /** {@code struct dm_snap_tracked_chunk}: the chunk a read remapped to the origin keeps tracked until it ends. */
    record TrackedChunk(long chunk) implements dev.dmreplay.replay.dm.PerBioData {
    }
}
