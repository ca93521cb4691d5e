package dev.dmreplay.replay.kcopyd;

import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code struct dm_kcopyd_client} (drivers/md/dm-kcopyd.c; v4.15 for {@code SUB_JOB_SIZE} = 128 sectors,
 * v5.3+ for {@code kcopyd_subjob_size_kb} = 512 KiB; the job machinery is the same in both): a job mempool of
 * {@code MIN_JOBS} (8) elements, a reserve of pages for one sub-job, a {@link DmIoClient}, a "kcopyd" workqueue
 * ({@code WQ_MEM_RECLAIM}) with one work item running {@code do_work}, and the four job lists
 * (callback, complete, pages, io).
 *
 * <p>Where it may block: {@link #copy}, {@link #zero} and {@link #prepareCallback} allocate the job with
 * {@code mempool_alloc(GFP_NOIO)} in the <em>caller's</em> task (for a snapshot that is the task in
 * {@code snapshot_map} or {@code __origin_write}); everything else runs on the worker: {@code run_io_job} may sleep
 * in the throttle and in dm-io's allocations and runs the lower stack for the bios it submits; completion
 * callbacks run there one at a time and may sleep.
 *
 * <p>Departures: jobs waiting for pages are retried on the next wake-up, as in the kernel, but pages are counted
 * rather than modelled as a mempool (the kernel's page reserve is a private list); {@code DM_KCOPYD_WRITE_SEQ}
 * (zoned destinations) and {@code DM_KCOPYD_IGNORE_ERROR} are not modelled.
 */
public final class KcopydClient {
    /** {@code SPLIT_COUNT}. */
    public static final int SPLIT_COUNT = 8;
    /** {@code MIN_JOBS}. */
    public static final int MIN_JOBS = 8;
    /** {@code SUB_JOB_SIZE} up to v5.2. */
    public static final int SUB_JOB_SECTORS_V4 = 128;
    /** {@code kcopyd_subjob_size_kb} default (512 KiB) from v5.3 (dm-kcopyd module parameter, 2019). */
    public static final int SUB_JOB_SECTORS_V53 = 1024;
    /** Sectors per page. */
    public static final int SECTORS_PER_PAGE = 8;

    private final Kernel kernel;
    private final BlockLayer layer;
    public final String name;
    private final Mempool jobPool;
    private final int subJobSectors;
    private final int reservedPages;
    private int freePages;
    private final DmIoClient io;
    private final KcopydThrottle throttle;
    private final Workqueue wq;
    private final WorkItem work;
    private final ArrayDeque<KcopydJob> callbackJobs = new ArrayDeque<>();
    private final ArrayDeque<KcopydJob> completeJobs = new ArrayDeque<>();
    private final ArrayDeque<KcopydJob> pagesJobs = new ArrayDeque<>();
    private final ArrayDeque<KcopydJob> ioJobs = new ArrayDeque<>();
    private long nextJobId = 1;
    private int nrJobs;
    private long jobs;
    private long subJobs;
    private long pageWaits;
    private long callbacks;

    /** The traced kernel's kcopyd times, or null ({@link #starts(KcopydStarts)}). */
    private KcopydStarts starts;
    /** Jobs held for a traced start, by the instant they are due ({@link #releaseAt}). */
    private final java.util.HashMap<Long, List<Held>> held = new java.util.HashMap<>();
    private boolean orderWritesByRecord;

    /**
     * {@code dm_kcopyd_client_create(throttle)}.
     *
     * @param name          whose client it is (e.g. the snapshot device), for names in chains
     * @param subJobSectors {@link #SUB_JOB_SECTORS_V4} or {@link #SUB_JOB_SECTORS_V53}
     * @param throttle      the client's throttle ({@link KcopydThrottle#unlimited()} for none)
     * @param ioRescuer     rescuer workqueue for dm-io's bioset, or null
     */
    public KcopydClient(BlockLayer layer, String name, int subJobSectors, KcopydThrottle throttle,
                        Workqueue ioRescuer) {
        if (subJobSectors < SECTORS_PER_PAGE) {
            throw new IllegalArgumentException("kcopyd sub-job size must be at least one page");
        }
        this.kernel = layer.kernel;
        this.layer = layer;
        this.name = name;
        this.subJobSectors = subJobSectors;
        this.throttle = throttle;
        this.jobPool = new Mempool(kernel, "kcopyd job_pool of " + name, dev.dmreplay.replay.observe.PoolKind.MEMPOOL, MIN_JOBS, 0);
        this.reservedPages = (subJobSectors + SECTORS_PER_PAGE - 1) / SECTORS_PER_PAGE;
        this.freePages = reservedPages;
        this.io = new DmIoClient(layer, "kcopyd of " + name, ioRescuer);
        this.wq = new Workqueue(kernel, "kcopyd/" + name, 0);
        this.work = new WorkItem("kcopyd do_work(" + name + ")", DoWork::new);
    }

    /**
     * Trace replays: copy jobs read their source no earlier than the traced kernel's kcopyd did ({@link
     * KcopydStarts}); null (the default) starts them when dispatched.
     */
    public void starts(KcopydStarts schedule) {
        this.starts = schedule;
    }

    /** The learnt schedule of the traced kernel's kcopyd runs, or null when jobs start when dispatched. */
    public KcopydStarts starts() {
        return starts;
    }

    public Mempool jobPool() {
        return jobPool;
    }

    public DmIoClient dmIo() {
        return io;
    }

    /** The client's work item: whoever runs it is "kcopyd" in wait-for chains. */
    public WorkItem work() {
        return work;
    }

    public int subJobSectors() {
        return subJobSectors;
    }

    /**
     * {@code dm_kcopyd_copy(kc, from, num_dests, dests, 0, fn, context)} from task {@code t}. Returns
     * {@link Step#RETURN} when the job was allocated without sleeping, or {@link Step#CALL} after pushing the frame
     * that sleeps in {@code mempool_alloc(&kc->job_pool, GFP_NOIO)}.
     */
    public Step copy(Task t, Region from, List<Region> dests, KcopydNotify fn) {
        if (dests.isEmpty() || dests.size() > 8) {
            throw new IllegalArgumentException("kcopyd copy needs 1..8 destinations (DM_KCOPYD_MAX_REGIONS)");
        }
        return start(t, new KcopydJob(this, nextJobId++, KcopydJob.Kind.COPY, Op.READ, from, List.copyOf(dests), fn,
                null));
    }

    /**
     * {@code dm_kcopyd_zero()}: {@code REQ_OP_WRITE_ZEROES} of every destination when all of them support it
     * ({@code bdev_write_zeroes_sectors}), otherwise {@code REQ_OP_WRITE} from the zero page (v4.16+; e.g. a
     * thin-pool device, whose targets do not pass write-zeroes down: the captured 6.1 kernel zeroes new thin
     * blocks with plain writes).
     */
    public Step zero(Task t, List<Region> dests, KcopydNotify fn) {
        Region src = new Region(dests.get(0).dev(), 0, dests.get(0).count());
        Op op = Op.WRITE_ZEROES;
        for (Region r : dests) {
            if (!writeZeroesCapable(r.dev())) {
                op = Op.WRITE;
            }
        }
        return start(t, new KcopydJob(this, nextJobId++, KcopydJob.Kind.ZERO, op, src, List.copyOf(dests), fn,
                null));
    }

    /** {@code bdev_write_zeroes_sectors() != 0}: a disk does; a mapped device only if every target does. */
    static boolean writeZeroesCapable(dev.dmreplay.replay.block.BlockDevice d) {
        if (d instanceof dev.dmreplay.replay.dm.MappedDevice md) {
            for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                if (t.numBiosFor(Op.WRITE_ZEROES) == 0) {
                    return false;
                }
                for (dev.dmreplay.replay.block.BlockDevice lower : t.devices()) {
                    if (!writeZeroesCapable(lower)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** A job that only runs {@code fn}; allocate it with {@link #prepareCallback}. */
    public KcopydJob callbackJob(KcopydNotify fn) {
        return new KcopydJob(this, nextJobId++, KcopydJob.Kind.CALLBACK, Op.WRITE, null, List.of(), fn, null);
    }

    /**
     * {@code dm_kcopyd_prepare_callback()}: allocates {@code job} (from {@link #callbackJob}) from the job mempool,
     * to run its callback once {@link #doCallback} is called (dm-snapshot's whole-chunk write). Same return
     * convention as {@link #copy}.
     */
    public Step prepareCallback(Task t, KcopydJob job) {
        return allocThen(t, job, false);
    }

    /** {@code dm_kcopyd_do_callback(job, read_err, write_err)}: queue the callback to the worker (any context). */
    public void doCallback(KcopydJob job, boolean readErr, long writeErr) {
        job.readErr = readErr;
        job.writeErr = writeErr;
        callbackJobs.addLast(job);
        wake();
    }

    private Step start(Task t, KcopydJob job) {
        return allocThen(t, job, true);
    }

    private Step allocThen(Task t, KcopydJob job, boolean dispatch) {
        Mempool.Attempt r = jobPool.tryAlloc(Gfp.NOIO, t.name);
        if (r == Mempool.Attempt.GOT) {
            allocated(t, job, dispatch);
            return Step.RETURN;
        }
        return t.call(new AllocJob(job, dispatch));
    }

    /** The rest of {@code dm_kcopyd_copy} once the job element is there: dispatch it or split it. */
    private void allocated(Task t, KcopydJob job, boolean dispatch) {
        jobPool.attach(job, t.name, 0);
        jobs++;
        if (!dispatch) {
            nrJobs++;
            return;
        }
        if (job.source.count() <= subJobSectors) {
            dispatchJob(job);
        } else {
            splitJob(job);
        }
    }

    /** {@code mempool_alloc(&kc->job_pool, GFP_NOIO)} when the reserve is empty. */
    private final class AllocJob extends Frame {
        private final KcopydJob job;
        private final boolean dispatch;

        /** {@code dm_kcopyd_copy()}, v4.15–v6.1: the reserve is empty: sleep in {@code mempool_alloc(job_pool)}. */
        private static final int SLEEP_FOR_JOB = 0;
        /** {@code dm_kcopyd_copy()}, v4.15–v6.1: the sleeping {@code mempool_alloc} returned the job. */
        private static final int JOB_POOL_RETURNED = 1;

        AllocJob(KcopydJob job, boolean dispatch) {
            this.job = job;
            this.dispatch = dispatch;
        }

        @Override
        public Step step(Task t) {
            if (pc == SLEEP_FOR_JOB) {
                pc = JOB_POOL_RETURNED;
                return t.call(jobPool.allocFrame());
            }
            allocated(t, job, dispatch);
            return RETURN;
        }

        @Override
        public String function() {
            return "dm_kcopyd_copy(" + name + ")";
        }
    }

    /** {@code dispatch_job()}: to the callback, io (zeroing) or pages list, and wake the worker. */
    private void dispatchJob(KcopydJob job) {
        nrJobs++;
        if (starts != null && job.source.count() > 0
                && (job.kind == KcopydJob.Kind.COPY || job.kind == KcopydJob.Kind.ZERO)) {
            long now = kernel.sim.now();
            long at = job.kind == KcopydJob.Kind.ZERO
                    ? starts.writeStart(job.dests.get(0).dev().name, job.dests.get(0).sector(), now)
                    : starts.copyStart(job.source.dev().name, job.source.sector(), job.dests.get(0).dev().name, now);
            if (at > now) {
                // the traced kernel's kcopyd ran this job later: it waits off the worker for that moment
                releaseAt(at, Long.MIN_VALUE, job, job.kind == KcopydJob.Kind.ZERO ? ioJobs : pagesJobs);
                return;
            }
            // the model reached this job after the kernel's worker had run it (the model is behind the trace
            // here): the job still waits for the worker's wake-up, with the jobs queued meanwhile
            releaseAt(lateRun(now), Long.MIN_VALUE, job, job.kind == KcopydJob.Kind.ZERO ? ioJobs : pagesJobs);
            return;
        }
        if (job.source.count() == 0) {
            callbackJobs.addLast(job);
        } else if (job.kind == KcopydJob.Kind.ZERO) {
            ioJobs.addLast(job);
        } else {
            pagesJobs.addLast(job);
        }
        wake();
    }

    /** {@code split_job()}: {@code SPLIT_COUNT} sub-jobs each take the next {@code sub_job_size} sectors. */
    private void splitJob(KcopydJob master) {
        nrJobs++;
        master.subJobs = SPLIT_COUNT;
        for (int i = 0; i < SPLIT_COUNT; i++) {
            segmentComplete(master, false, 0);
        }
    }

    /**
     * {@code segment_complete()}: record a finished sub-job's errors, then hand the next piece to a sub-job, or —
     * when nothing is left and this was the last running sub-job — queue the master for completion.
     */
    private void segmentComplete(KcopydJob master, boolean readErr, long writeErr) {
        master.readErr |= readErr;
        master.writeErr |= writeErr;
        long count = 0;
        long progress = master.progress;
        if (!master.readErr && master.writeErr == 0) {
            count = Math.min(master.source.count() - progress, subJobSectors);
            master.progress += count;
        }
        if (count > 0) {
            List<Region> d = new ArrayList<>(master.dests.size());
            for (Region r : master.dests) {
                d.add(r.slice(progress, count));
            }
            KcopydJob sub = new KcopydJob(this, nextJobId++, master.kind, master.kind == KcopydJob.Kind.ZERO
                    ? master.op : Op.READ, master.source.slice(progress, count), d,
                    (w, re, we) -> {
                        segmentComplete(master, re, we);
                        return null;
                    }, master);
            subJobs++;
            dispatchJob(sub);
        } else if (--master.subJobs == 0) {
            completeJobs.addLast(master);
            wake();
        }
    }

    /**
     * When a job dispatched at {@code now} with no later record of the traced kernel's worker to wait for runs: the
     * worker's wake-up later, with every job dispatched before then ({@link #LATE_WAKE_NS}). {@code dispatch_job}
     * only queues the work ({@code wake()} → {@code queue_work}); the kworker runs once it is scheduled, and by then
     * the submitter mapping an origin write over several chunks has made the jobs of the other chunks, so one
     * {@code do_work} issues all their reads under one plug and they merge (blktrace of 6.1: four 8 KiB copy reads
     * of a 32 KiB write, 15 us apart, dispatched as one 64-sector request). Running the worker the moment each job
     * was queued issued each read alone.
     */
    private long lateRun(long now) {
        if (lateRunAt < now) {
            lateRunAt = now + LATE_WAKE_NS;
        }
        return lateRunAt;
    }

    /**
     * The least wake-up latency of kcopyd's worker the model assumes where it has no record of the kernel's: the
     * captured 6.1 kernels' worker began a new run at least about 70 us after the event that woke it.
     */
    static final long LATE_WAKE_NS = 50_000L;
    /** The pending run of jobs the model reached late ({@link #lateRun}). */
    private long lateRunAt = Long.MIN_VALUE;

    /** {@code wake()}: {@code queue_work(kc->kcopyd_wq, &kc->kcopyd_work)}. */
    private void wake() {
        wq.queue(work);
    }

    /** {@code kcopyd_get_pages()}: pages without direct reclaim first, then the client's reserve. */
    private boolean getPages(KcopydJob job) {
        int nr = (int) ((job.dests.get(0).count() + SECTORS_PER_PAGE - 1) / SECTORS_PER_PAGE);
        int fromReserve = 0;
        for (int i = 0; i < nr; i++) {
            if (!kernel.pressure.slabSucceeds(kernel.sim.now(), false)) {
                if (freePages - fromReserve == 0) {
                    pageWaits++;
                    return false; // kcopyd_put_pages of what we had: nothing taken from the reserve yet
                }
                fromReserve++;
            }
        }
        freePages -= fromReserve;
        job.pages = nr;
        return true;
    }

    /** {@code kcopyd_put_pages()}: refill the reserve first, free the rest. */
    private void putPages(KcopydJob job) {
        freePages = Math.min(reservedPages, freePages + job.pages);
        job.pages = 0;
    }

    /** {@code complete_io()} (completion context): a read turns into the write; a write completes the job. */
    private void completeIo(KcopydJob job, long error) {
        throttle.finish(kernel.sim.now());
        if (error != 0) {
            if (job.op.isWrite()) {
                job.writeErr |= error;
            } else {
                job.readErr = true;
            }
            completeJobs.addLast(job);
            wake();
            return;
        }
        if (job.op.isWrite()) {
            completeJobs.addLast(job);
        } else {
            job.op = Op.WRITE;
            long now = kernel.sim.now();
            long at = writeStart(job, now);
            if (at > now) {
                // the traced kernel's worker issued this copy's write later: the job waits off the worker
                releaseAt(at, orderWritesByRecord ? starts.lastRecordTime() : Long.MIN_VALUE, job, ioJobs);
                return;
            }
            ioJobs.addLast(job);
        }
        wake();
    }

    /**
     * Puts {@code job} on {@code list} at {@code at} and wakes the worker. Jobs due at the same instant (one run of
     * the traced kernel's worker, {@link KcopydStarts}) are released by one event, sorted by {@code order} (ties,
     * and {@link Long#MIN_VALUE} for all, keep the order they were held in).
     */
    private void releaseAt(long at, long order, KcopydJob job, ArrayDeque<KcopydJob> list) {
        List<Held> due = held.get(at);
        if (due == null) {
            due = new ArrayList<>();
            held.put(at, due);
            List<Held> batch = due;
            kernel.sim.at(at, () -> {
                held.remove(at);
                batch.sort(java.util.Comparator.comparingLong(Held::order)); // stable
                for (Held h : batch) {
                    h.list().addLast(h.job());
                }
                wake();
            });
        }
        due.add(new Held(order, job, list));
    }

    /** A job held for its traced start ({@link #releaseAt}). */
    private record Held(long order, KcopydJob job, ArrayDeque<KcopydJob> list) {
    }

    /**
     * Trace replays of snapshots: the copy writes of one worker run leave in the order of the kernel's records at
     * their destinations rather than in the order their reads completed in the model (drawn per request, so often
     * another): the kernel's worker issued them in COW-chunk order and they merged into one request, the model's
     * into several requests of sizes the kernel never dispatched. A snapshot's COW chunks are handed out in the
     * order its exceptions are made, as the kernel's are, so each record is its copy's own. Not for a thin pool,
     * which may place a block elsewhere than the kernel's pool did: a record taken by another job would move that
     * job within its run (it cost real-thin-snap 29 exact bios).
     */
    public void orderWritesByRecord(boolean on) {
        this.orderWritesByRecord = on;
    }

    /** When the write of a copy whose read is done may be issued ({@link KcopydStarts#writeStart}). */
    private long writeStart(KcopydJob job, long now) {
        if (starts == null || job.kind != KcopydJob.Kind.COPY) {
            return now;
        }
        long at = now;
        for (Region d : job.dests) {
            at = Math.max(at, starts.writeStart(d.dev().name, d.sector(), now));
        }
        return at;
    }

    /**
     * {@code do_work()}: splice callback jobs onto the complete list, run every completion callback, give pages
     * to waiting jobs, then issue the I/O of every ready job ({@code run_io_job} → {@code dm_io}); in v6.1 the
     * three passes run under one {@code blk_plug}, which the model starts when the block layer plugs (trace
     * replays) so that a worker's adjacent copy and resubmitted bios merge into requests as in the kernel.
     */
    private final class DoWork extends Frame {
        private KcopydJob ioJob;
        private int slept;

        /** {@code do_work()}, v4.15–v6.1: {@code list_splice_tail_init(&kc->callback_jobs, &kc->complete_jobs)}. */
        private static final int SPLICE_CALLBACK_JOBS = 0;
        /** {@code do_work()}, v4.15–v6.1: {@code process_jobs(&kc->complete_jobs, kc, run_complete_job)}. */
        private static final int RUN_COMPLETE_JOBS = 1;
        /** {@code do_work()}, v4.15–v6.1: {@code process_jobs(&kc->pages_jobs, kc, run_pages_job)}. */
        private static final int RUN_PAGES_JOBS = 2;
        /** {@code do_work()}, v4.15–v6.1: {@code process_jobs(&kc->io_jobs, kc, run_io_job)}. */
        private static final int RUN_IO_JOBS = 3;

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case SPLICE_CALLBACK_JOBS -> {
                        completeJobs.addAll(callbackJobs);
                        callbackJobs.clear();
                        if (layer.plugging()) {
                            // blk_start_plug() around all three lists: the bios the completion callbacks resubmit
                            // (a snapshot's held origin writes) and the copy I/O of this pass merge on the plug
                            layer.startPlug(t);
                        }
                        pc = RUN_COMPLETE_JOBS;
                    }
                    case RUN_COMPLETE_JOBS -> {
                        KcopydJob job = completeJobs.pollFirst();
                        if (job == null) {
                            pc = RUN_PAGES_JOBS;
                            continue;
                        }
                        putPages(job);
                        if (job.master == job) {
                            jobPool.free(job);
                        }
                        callbacks++;
                        nrJobs--;
                        Frame f = job.fn.notify(t, job.readErr, job.writeErr);
                        if (f != null) {
                            return t.call(f);
                        }
                    }
                    case RUN_PAGES_JOBS -> {
                        KcopydJob job = pagesJobs.pollFirst();
                        if (job == null) {
                            pc = RUN_IO_JOBS;
                            continue;
                        }
                        if (getPages(job)) {
                            ioJobs.addLast(job);
                        } else {
                            pagesJobs.addFirst(job);
                            pc = RUN_IO_JOBS;
                        }
                    }
                    case RUN_IO_JOBS -> {
                        if (ioJob == null) {
                            ioJob = ioJobs.pollFirst();
                            slept = 0;
                            if (ioJob == null) {
                                layer.finishPlug(t); // blk_finish_plug(); nothing when no plug was started
                                return RETURN;
                            }
                        }
                        if (throttle.mustSleep(kernel.sim.now(), slept)) {
                            slept++;
                            return t.consumeCpu(KcopydThrottle.SLEEP_NS); // fsleep(SLEEP_USEC)
                        }
                        KcopydJob job = ioJob;
                        ioJob = null;
                        List<Region> where = job.op == Op.READ ? List.of(job.source) : job.dests;
                        IoClass cls = job.op == Op.READ ? IoClass.COPY_READ
                                : job.kind == KcopydJob.Kind.ZERO ? IoClass.ZERO_WRITE : IoClass.COPY_WRITE;
                        return io.submit(t, job.op, 0, where, cls, err -> completeIo(job, err));
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "kcopyd do_work(" + name + ")";
        }
    }

    /** Counters of this client. */
    public record KcopydStats(String client, long jobs, long subJobs, long callbacks, long pageWaits,
                              long throttleSleeps, int jobsInFlight) {
    }

    public KcopydStats stats() {
        return new KcopydStats(name, jobs, subJobs, callbacks, pageWaits, throttle.sleeps(), nrJobs);
    }
}
