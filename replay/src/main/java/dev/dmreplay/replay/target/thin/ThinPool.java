package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.kcopyd.KcopydClient;
import dev.dmreplay.replay.kcopyd.KcopydThrottle;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.RwSemaphore;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code struct pool} with its metadata (drivers/md/dm-thin.c, dm-thin-metadata.c v6.1): geometry and features
 * from the thin-pool table line, the bio prison, the {@code mapping_pool} and prison {@code cell_pool} mempools,
 * the kcopyd client, the ordered "dm-thin" workqueue running {@link PoolWorker} ({@code do_worker}), the lists
 * the map path and completions feed it (deferred bios and cells per thin device, prepared mappings, bios waiting
 * for a commit), {@code pmd->root_lock} (held for writing across a commit, taken for reading by every lookup,
 * including the non-blocking one in {@code thin_bio_map}), and the waker's periodic commit
 * ({@code COMMIT_PERIOD}). Out of data space the pool queues the bios that need a new block
 * ({@code retry_on_resume}: they wait for a resume the replay never does) or, with {@code error_if_no_space},
 * fails them.
 *
 * <p>Departures: the throttle rw_semaphore ({@code throttle_lock}, only contended after the worker has run for a
 * second) and the transient data-block cell of {@code thin_bio_map} are not modelled; the low-water mark only
 * raises an event in the kernel and is recorded here.
 */
public final class ThinPool {
    /** {@code MAPPING_POOL_SIZE}. */
    public static final int MAPPING_POOL_SIZE = 1024;
    /** {@code MIN_CELLS} of dm-bio-prison-v1. */
    public static final int MIN_CELLS = 1024;

    final Kernel kernel;
    final String name;
    final BlockDevice metaDev;
    final BlockDevice dataDev;
    final long blockSectors;
    final long lowWaterBlocks;
    final boolean zeroNewBlocks;
    final boolean discardEnabled;
    final boolean discardPassdown;
    final boolean readOnly;
    final boolean errorIfNoSpace;
    final long commitPeriodNs;
    final ThinMetadata meta;
    final Mempool cellPool;
    final Mempool mappingPool;
    final KcopydClient copier;
    final RwSemaphore rootLock;
    final Workqueue wq;
    final WorkItem worker;
    final Map<Long, PrisonCell> prison = new HashMap<>();
    final List<ThinTarget> thins = new ArrayList<>();
    final ArrayDeque<NewMapping> prepared = new ArrayDeque<>();
    final List<Bio> deferredFlush = new ArrayList<>();
    final List<Bio> outOfSpace = new ArrayList<>();
    long lastCommit;
    private boolean wakerArmed;
    /** The learnt worker runs of a trace replay, or null. */
    private WorkerRunSchedule runs;
    /** The worker's CPU time between a commit's I/O ({@link CommitFrame}); none unless learnt from a trace. */
    CommitCpu commitCpu = CommitCpu.NONE;
    /** When the worker is due at a learnt run, else -1. */
    private long wakeAt = -1;
    /** Cancels a due run that an earlier one replaced. */
    private long wakeGeneration;
    boolean outOfDataSpace;
    long mappingPoolShortages;
    final Stats stats = new Stats();

    /** Per-class counts of the I/O the pool issued, for comparison with a kernel trace. */
    public static final class Stats {
        public long mapRemaps;
        public long workerRemaps;
        public long zeroWrites;
        public long overwrites;
        public long copies;
        /** Blocks copied from a thin device's external origin ({@code schedule_external_copy}). */
        public long externalCopies;
        /** Reads of unprovisioned blocks the worker sent to the external origin. */
        public long originReads;
        public long unprovisionedReads;
        public long discardsPassedDown;
        public long discardsNotPassedDown;
        public long commits;
        public long dataFlushes;
        public long metadataWrites;
        public long superblockWrites;
        public long metadataFlushes;
        public long metadataReads;
        public long outOfSpaceBios;
        public long deferredFromMap;
        public long blocksProvisioned;
        /** Wakes of the worker held until the traced kernel's next run ({@link WorkerRunSchedule}). */
        public long delayedWakes;
        /** Cells a worker run left for the next one: the traced kernel deferred them after its pass took the list. */
        public long cellsLeftForNextPass;
    }

    ThinPool(Kernel kernel, String name, BlockDevice metaDev, BlockDevice dataDev, long dataSectors, long blockSectors,
             long lowWaterBlocks, List<String> features, long commitPeriodNs, boolean warmCache) {
        this.kernel = kernel;
        this.name = name;
        this.metaDev = metaDev;
        this.dataDev = dataDev;
        this.blockSectors = blockSectors;
        this.lowWaterBlocks = lowWaterBlocks;
        this.zeroNewBlocks = !features.contains("skip_block_zeroing");
        this.discardEnabled = !features.contains("ignore_discard");
        this.discardPassdown = discardEnabled && !features.contains("no_discard_passdown");
        this.readOnly = features.contains("read_only");
        this.errorIfNoSpace = features.contains("error_if_no_space");
        this.commitPeriodNs = commitPeriodNs;
        this.meta = new ThinMetadata(dataSectors / blockSectors, metaDev.capacity, warmCache);
        this.cellPool = new Mempool(kernel, "prison cell_pool of " + name, PoolKind.MEMPOOL, MIN_CELLS, 0);
        this.mappingPool = new Mempool(kernel, "mapping_pool of " + name, PoolKind.MEMPOOL, MAPPING_POOL_SIZE, 0);
        this.copier = new KcopydClient(dataDev.layer, "thin-pool " + name, KcopydClient.SUB_JOB_SECTORS_V53,
                KcopydThrottle.unlimited(), null);
        this.rootLock = new RwSemaphore("pmd->root_lock of " + name);
        this.wq = new Workqueue(kernel, "dm-thin/" + name, 1);
        this.worker = new WorkItem("do_worker(" + name + ")", () -> new PoolWorker(this));
        this.tracedIssue = new TracedIssue(kernel, name);
    }

    public Stats stats() {
        return stats;
    }

    List<Mempool> mempools() {
        return List.of(cellPool, mappingPool, copier.jobPool(), copier.dmIo().ioPool(), copier.dmIo().bioset().bioPool);
    }

    /**
     * {@code wake_worker} ({@code queue_work} of the pool's worker) for work other than newly deferred bios: a
     * prepared mapping, a released cell, the waker's commit. It runs the worker at once. When the deferred bios
     * wait for a learnt run still ahead ({@link #deferredWaitForLearntRun}), that run stays due and this one does
     * only the completed work: the learnt run stands for the kernel's pass that took those bios, but the kernel
     * did not hold its prepared mappings back for it ({@code copy_complete} → {@code __complete_mapping_preparation}
     * → {@code wake_worker}, dm-thin.c v6.1). On a captured 6.1 kernel whose pool worker was off the CPU for 12 ms,
     * the copies of eight blocks ended while a deferred write waited for a learnt run 19 ms ahead; a model that
     * kept the prepared mappings for that run completed their writes up to 19 ms late (the kernel's worker got to
     * them 0.3–15 ms after the copies), and the application's next writes came too late for their pass.
     */
    void wakeWorker() {
        wq.queue(worker);
    }

    /**
     * Whether the deferred cells and bios wait for a learnt worker run that has not come yet ({@link #wakeBy}): a
     * run before it is one for completed work only ({@link #wakeWorker}).
     */
    boolean deferredWaitForLearntRun() {
        return wakeAt > kernel.sim.now();
    }

    /**
     * {@code wake_worker} from {@code thin_defer_bio}/{@code thin_defer_cell} for {@code bio} of thin device
     * {@code tc}. With a schedule learnt from a trace ({@link WorkerRunSchedule}) the worker starts at the
     * kernel's first run after this bio's recorded Q (at once if that is past) instead of at once: deferrals until
     * then only add to the lists, which that run takes in one sorted pass, as the kernel's did. An earlier due
     * time brings the pending run forward (the kernel has one pending work item; whichever run comes first takes
     * all). Only these wakes wait: a wake for completed work that waited for a later learnt run would hold every
     * following run back. A cell the trace places in a worker pass ({@code passKey}, else {@link
     * WorkerRunSchedule#NO_PASS}) waits at least for the first learnt run at or after that pass's take point: an
     * earlier record (kcopyd's I/O for a previous pass, say) was not a run that took it.
     */
    void wakeForDeferred(ThinTarget tc, Bio bio, long passKey) {
        long now = kernel.sim.now();
        long at = runs == null ? now : runs.runFor(tc.mdName(), bio.sector, now);
        if (runs != null && passKey != WorkerRunSchedule.NO_PASS) {
            at = Math.max(at, runs.runAt(passKey));
        }
        wakeBy(at);
    }

    /** Runs the worker at {@code at} (at once if that has come), or earlier if a run is already due before it. */
    void wakeBy(long at) {
        long now = kernel.sim.now();
        if (at <= now) {
            wakeAt = -1;
            wakeGeneration++;
            wq.queue(worker);
            return;
        }
        if (wakeAt >= 0 && wakeAt <= at) {
            return; // the worker is already due by then: this bio waits for that run
        }
        if (wakeAt < 0) {
            stats.delayedWakes++;
        }
        wakeAt = at;
        long generation = ++wakeGeneration;
        kernel.sim.at(at, () -> {
            if (generation == wakeGeneration) {
                wakeAt = -1;
                wq.queue(worker);
            }
        });
    }

    /**
     * The take point of the traced kernel's worker pass that provisioned {@code bio} of thin device {@code tc}
     * ({@link WorkerRunSchedule#passKey}), {@link WorkerRunSchedule#NO_PASS} without a schedule or a record, and
     * for a read: {@code provision_block} ends a read of an unmapped block with zeroes and allocates nothing, so
     * the trace's passes (learnt from provisioning writes, keyed by sector alone) do not place it. Under a
     * snapshot-origin the copy of a chunk reads the thin device at the very sector the held origin write goes to
     * after the copy: a read that took that write's pass waited for it, 10 ms on a captured 6.1 kernel where the
     * kernel's worker had zero-filled it within a millisecond, and delayed the copy, the commit and the write.
     */
    long passKey(ThinTarget tc, Bio bio) {
        if (runs == null || bio.op != Op.WRITE) {
            return WorkerRunSchedule.NO_PASS;
        }
        return runs.passKey(tc.mdName(), bio.sector, kernel.sim.now());
    }

    /** Bios the traced kernel's worker remapped, mapped to the (replay) time it did ({@link #noteMapped}). */
    private final Map<Bio, Long> workerRemapAt = new java.util.IdentityHashMap<>();
    private final TracedIssue tracedIssue;

    /**
     * {@code thin_bio_map} got {@code bio} of thin device {@code tc}: with a schedule, remember when the traced
     * kernel's worker remapped it ({@link WorkerRunSchedule#remapAt}), should the model's worker remap it too.
     */
    void noteMapped(ThinTarget tc, Bio bio) {
        if (runs != null) {
            long at = runs.remapAt(tc.mdName(), bio.op != Op.READ, bio.sector, kernel.sim.now());
            if (at != WorkerRunSchedule.NO_PASS) {
                workerRemapAt.put(bio, at);
            }
        }
    }

    /**
     * When the worker may issue {@code bio} it remapped: not before the traced kernel's worker got to it
     * ({@link WorkerRunSchedule#remapAt}); {@link Long#MIN_VALUE} when the trace does not say.
     */
    long workerIssueAt(Bio bio) {
        Long at = workerRemapAt.get(bio);
        return at == null ? Long.MIN_VALUE : at;
    }

    /** The remap record a bio the worker remapped gets when it goes down: its thin device and what remapped it. */
    record RemapNote(ThinTarget tc, String detail) {
    }

    /**
     * Holds a bio the worker remapped until the traced kernel's worker issued it ({@link TracedIssue}); its remap
     * record ({@code note}, null for none) is made then.
     */
    void park(Bio bio, long at, RemapNote note) {
        workerRemapAt.remove(bio);
        tracedIssue.hold(bio, at, note == null ? null : t -> noteRemap(t, note.tc(), bio, note.detail()));
    }

    /** Forgets a bio the map path remapped itself. */
    void forgetMapped(Bio bio) {
        if (!workerRemapAt.isEmpty()) {
            workerRemapAt.remove(bio);
        }
    }

    /** How many cells the traced kernel's pass with this take point provisioned (0 without a schedule). */
    int passSize(long passKey) {
        return runs == null ? 0 : runs.passSize(passKey);
    }

    /**
     * Trace replays: the worker runs when the traced kernel's did ({@link WorkerRunSchedule}); null (the default)
     * runs it as soon as it is woken.
     */
    /** The pool's kcopyd client ({@code pool->copier}): zeroing and copies of new blocks. */
    public KcopydClient kcopyd() {
        return copier;
    }

    /** Trace replays: the worker's CPU time between a commit's I/O, learnt from the trace ({@link CommitCpu}). */
    public void commitCpu(CommitCpu cpu) {
        this.commitCpu = java.util.Objects.requireNonNull(cpu);
    }

    public void workerRuns(WorkerRunSchedule schedule) {
        this.runs = schedule;
    }

    /**
     * Trace replays: the pool's first metadata commit in the trace began at {@code firstCommit} (replay clock). The
     * pool was made before the capture began, and {@code need_commit_due_to_time} (dm-thin.c v6.1) compares
     * {@code jiffies} with the {@code last_commit_jiffies} of that earlier time, not with the start of the trace:
     * on the captured 6.1 kernels the worker's first pass that inserted a mapping committed at once (a commit 33 ms
     * into the trace with no flush waiting for it), and a model that counted {@code COMMIT_PERIOD} from the start
     * of the trace left that commit out, so every later superblock write took the trace's time of the commit
     * before it. Without knowing the earlier commit, the model takes the latest time that allows the kernel's: one
     * {@code COMMIT_PERIOD} before the first commit (never later than the start, as {@code pool_create} set it).
     */
    public void firstCommitAt(long firstCommit) {
        lastCommit = Math.min(lastCommit, firstCommit - commitPeriodNs);
    }

    /** The waker: a commit is due {@code COMMIT_PERIOD} after the last one once the transaction changed. */
    void armWaker() {
        if (wakerArmed || !meta.changedThisTransaction()) {
            return;
        }
        wakerArmed = true;
        long at = Math.max(kernel.sim.now(), lastCommit + commitPeriodNs);
        kernel.sim.at(at, () -> {
            wakerArmed = false;
            wakeWorker();
        });
    }

    boolean commitDue() {
        return !deferredFlush.isEmpty()
                || meta.changedThisTransaction() && kernel.sim.now() >= lastCommit + commitPeriodNs;
    }

    /** The data block's first sector on the data device. */
    long dataSector(long dataBlock) {
        return dataBlock * blockSectors;
    }

    /**
     * {@code remap()}: the bio goes to the pool device ({@code tc->pool_dev}; {@code pool_map} sends it on to the
     * data device unchanged), same offset within the block.
     */
    void remap(ThinTarget tc, Bio bio, long dataBlock) {
        long off = tc.offset(bio.sector) % blockSectors;
        bio.dev = tc.poolDev();
        bio.sector = dataSector(dataBlock) + off;
    }

    /**
     * REMAP of a bio the pool worker issues for thin device {@code tc} ({@code remap_and_issue} from
     * {@code process_deferred_bios}): it is dm core's clone of an original bio, which the observation names so that
     * the worker's remap is tied to the bio it belongs to, as the kernel's {@code A} record is.
     */
    void noteRemap(Task t, ThinTarget tc, Bio bio, String detail) {
        long original = bio.owner instanceof dev.dmreplay.replay.dm.TargetIo tio && tio.io.origBio != null
                ? tio.io.origBio.id : 0;
        kernel.observeRemap(t, tc.mdName(), bio, original, detail);
    }

    PrisonCell detained(ThinTarget tc, long vblock) {
        return prison.get(ThinMetadata.leafKey(tc.devId(), 0) ^ vblock);
    }

    /** Puts a cell in the prison (the caller allocated it from {@link #cellPool}). */
    void imprison(PrisonCell c, Bio holder, Task t) {
        c.holder = holder;
        cellPool.attach(c, t == null ? null : t.name, holder.id);
        prison.put(c.key(), c);
    }

    /** {@code dm_cell_release}: the cell leaves the prison and goes back to the cell pool. */
    void release(PrisonCell c) {
        prison.remove(c.key());
        cellPool.free(c);
    }

    /** {@code cell_defer_no_holder}: release; the inmates go back to the worker. */
    void releaseNoHolder(PrisonCell c) {
        release(c);
        if (!c.inmates.isEmpty()) {
            c.tc.deferredBios.addAll(c.inmates);
            c.inmates.clear();
            wakeWorker();
        }
    }

    /** {@code bio_triggers_commit}: a flush or FUA bio of a thin device whose mappings changed since the commit. */
    boolean triggersCommit(ThinTarget tc, Bio bio) {
        return (bio.has(Bio.PREFLUSH) || bio.has(Bio.FUA)) && meta.changedThisTransaction(tc.devId());
    }

    /** Ends a bio with an error ({@code bio_io_error}). */
    void error(Bio b) {
        b.at = null;
        BioOps.ioError(b);
    }

    boolean isWrite(Bio b) {
        return b.op.isWrite() && b.op != Op.DISCARD;
    }

    @Override
    public String toString() {
        return name;
    }
}
