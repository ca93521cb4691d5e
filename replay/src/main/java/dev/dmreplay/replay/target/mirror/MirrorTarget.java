package dev.dmreplay.replay.target.mirror;

import dev.dmreplay.ingest.dm.MirrorArgs;
import dev.dmreplay.ingest.dm.StripeLeg;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.DmEndio;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.kcopyd.KcopydClient;
import dev.dmreplay.replay.kcopyd.KcopydThrottle;
import dev.dmreplay.replay.kcopyd.Region;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.target.WorkerTakes;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * dm-mirror (drivers/md/dm-raid1.c with dm-region-hash.c and dm-log.c, v6.1): {@code mirror <log> <#args> <args>
 * <#legs> (<dev> <offset>)... [<#features> handle_errors|keep_log]}.
 * <ul>
 *   <li>{@code mirror_map}: writes (and flushes, discards) are queued for the {@code kmirrord} worker
 *       ({@code DM_MAPIO_SUBMITTED}); a read of a region the log says is in sync goes to the default mirror
 *       ({@code choose_mirror}, {@code DM_MAPIO_REMAPPED}), any other read is queued too.</li>
 *   <li>{@code do_mirror} (kmirrord, one work item on a single-threaded workqueue): {@code dm_rh_update_states}
 *       (clean regions cleared in the log, recovered regions set in sync and their delayed writes released, log
 *       flush), {@code do_recovery}, {@code do_reads}, {@code do_writes}, {@code do_failures}.</li>
 *   <li>{@code do_writes}: by region state — CLEAN/DIRTY (and flushes, discards) go to every leg through dm-io
 *       ({@code do_write}); NOSYNC regions to the default leg only ({@code map_bio} + {@code submit_bio_noacct});
 *       RECOVERING regions are delayed until the region is in sync ({@code dm_rh_delay}). Pending counts mark a
 *       clean region dirty in the log before the writes go ({@code dm_rh_inc_pending}, {@code dm_rh_flush}).</li>
 *   <li>recovery: one region at a time ({@code MAX_RECOVERY} = 1): the region is quiesced (no writes pending), then
 *       kcopyd copies it from the default leg to the others; the callback ends the recovery.</li>
 *   <li>errors: a failed leg write marks the leg ({@code fail_mirror}: a new default when the default failed);
 *       with {@code handle_errors} the bio is held for userspace ({@code hold_bio}, until a suspend, which the model
 *       never does: such bios stay unfinished), without it the bio completes; a failed read is retried on another
 *       leg by kmirrord.</li>
 * </ul>
 * {@code max_io_len} is the region size; {@code num_flush_bios} = {@code num_discard_bios} = 1. Departures: the
 * region structs are not taken from {@code rh->region_pool} (the kernel's allocation falls back to
 * {@code __GFP_NOFAIL} and never waits on the pool); {@code keep_log}, cluster logs and the {@code delayed_wake}
 * timer are not modelled.
 */
public final class MirrorTarget extends Target {
    /** {@code MAX_RECOVERY}. */
    static final int MAX_RECOVERY = 1;

    enum State { CLEAN, DIRTY, NOSYNC, RECOVERING }

    /** A {@code struct dm_region} present in the hash. */
    private static final class Reg {
        final long key;
        State state;
        int pending;
        final BioList delayed;

        Reg(long key, State state, WorkItem drainer, String md) {
            this.key = key;
            this.state = state;
            this.delayed = new BioList("delayed_bios of region " + key + " of " + md + " (under recovery)", drainer);
        }
    }

    /** A leg ({@code struct mirror}). */
    private static final class Leg {
        final BlockDevice dev;
        final long offset;
        int errorCount;
        long writes;
        long reads;

        Leg(BlockDevice dev, long offset) {
            this.dev = dev;
            this.offset = offset;
        }
    }

    private final Kernel kernel;
    private final String md;
    private final Leg[] legs;
    private int defaultLeg;
    private final long regionSectors;
    private final long nrRegions;
    private final DirtyLog log;
    private final boolean handleErrors;
    private final DmIoClient io;
    private final KcopydClient kcopyd;
    private final Workqueue kmirrordWq;
    private final WorkItem kmirrord;
    private final BioList reads;
    private final BioList writes;
    private final BioList failures;
    private final BioList holds;
    private final TreeMap<Long, Reg> hash = new TreeMap<>();
    private final List<Reg> cleanRegions = new ArrayList<>();
    private final List<Reg> quiesced = new ArrayList<>();
    private final List<Reg> recovered = new ArrayList<>();
    private int recoveryCount = MAX_RECOVERY;
    private boolean inSync;
    private final List<BlockDevice> devs = new ArrayList<>();
    private long recoveries;
    /** When kmirrord takes each write in a trace replay (null: at its next run). */
    private WorkerTakes runs;
    /** Trace replays: when the kernel's kmirrord took each read of a region not in sync; null: at its next run. */
    private WorkerTakes readRuns;
    /** Trace replays: region → when the traced kernel started its recovery (null: no schedule). */
    private Map<Long, Long> recoveryStarts;
    private long recoveryWakeAt = -1;
    private long learntTakes;
    private long delayedWrites;
    private long nosyncWrites;

    /** {@code mirror_ctr} with {@code create_dirty_log} and {@code dm_region_hash_create}. */
    public MirrorTarget(TargetContext c, long begin, long len, MirrorArgs a) {
        super(begin, len);
        this.kernel = c.kernel();
        this.md = c.mdName();
        boolean disk = a.logType().equals("disk");
        if (!disk && !a.logType().equals("core")) {
            throw new IllegalArgumentException("table line " + c.line() + ": dirty log type '" + a.logType()
                    + "' is not modelled (core, disk)");
        }
        this.regionSectors = a.regionSectors();
        if (regionSectors <= 0) {
            throw new IllegalArgumentException("table line " + c.line() + ": no region size");
        }
        boolean nosync = a.logArgs().contains("nosync");
        this.handleErrors = a.features().contains("handle_errors");
        this.legs = new Leg[a.mirrors().size()];
        for (int i = 0; i < legs.length; i++) {
            StripeLeg l = a.mirrors().get(i);
            legs[i] = new Leg(c.device(l.dev()), l.offset());
            devs.add(legs[i].dev);
        }
        BlockDevice logDev = disk ? c.device(a.logDevice()) : null;
        if (logDev != null) {
            devs.add(0, logDev);
        }
        this.nrRegions = (len + regionSectors - 1) / regionSectors;
        this.io = new DmIoClient(c.layer(), md, c.knobs().dmBiosetRescuer()
                ? new Workqueue(kernel, "bioset/dm-io-" + md, 0) : null);
        List<BlockDevice> legDevs = new ArrayList<>(legs.length);
        for (Leg l : legs) {
            legDevs.add(l.dev);
        }
        this.log = new DirtyLog(disk, logDev, legDevs, io, nrRegions, nosync);
        this.kcopyd = new KcopydClient(c.layer(), md, KcopydClient.SUB_JOB_SECTORS_V53, KcopydThrottle.unlimited(),
                null);
        this.kmirrordWq = new Workqueue(kernel, "kmirrord", 1);
        this.kmirrord = new WorkItem("do_mirror(" + md + ")", DoMirror::new);
        this.reads = new BioList("ms->reads of " + md, kmirrord);
        this.writes = new BioList("ms->writes of " + md, kmirrord);
        this.failures = new BioList("ms->failures of " + md, kmirrord);
        this.holds = new BioList("ms->holds of " + md + " (held for userspace until suspend)", null);
        this.inSync = log.syncCount() == nrRegions;
        maxIoLen = regionSectors;
        numFlushBios = 1;
        numDiscardBios = 1;
        // mirror_resume → dm_rh_start_recovery → wakeup_mirrord
        kmirrordWq.queue(kmirrord);
    }

    @Override
    public String type() {
        return "mirror";
    }

    @Override
    public List<BlockDevice> devices() {
        return devs;
    }

    @Override
    public boolean issuesOwnLowerIo() {
        return true;
    }

    @Override
    public List<Mempool> mempools() {
        return List.of(io.ioPool(), io.bioset().bioPool, kcopyd.jobPool());
    }

    long region(Bio bio) {
        return offset(bio.sector) / regionSectors;
    }

    private void wakeup() {
        kmirrordWq.queue(kmirrord);
    }

    /**
     * {@code queue_bio()} of a write onto {@code ms->writes} and {@code wakeup_mirrord()}. Without a learnt schedule
     * the write joins the list at once; in a trace replay it joins it when the traced kernel's kmirrord took it
     * ({@link WorkerTakes#takenAt}), so a run of kmirrord before that moment does not take it (the kernel's runs
     * in between had taken the list before it was there, or had not run yet). Other wakes (completions,
     * recovery) stay immediate.
     */
    private void queueWrite(Bio bio) {
        queueBio(writes, runs == null || bio.sectors == 0 ? null : runs, bio);
    }

    /**
     * {@code queue_bio()} of a read of a region not in sync onto {@code ms->reads}: at once, or in a trace replay
     * when the traced kernel's kmirrord read it from the default leg ({@link WorkerTakes#takenAt}), as for writes.
     */
    private void queueRead(Bio bio) {
        queueBio(reads, readRuns, bio);
    }

    /** {@code queue_bio()} onto {@code list} and {@code wakeup_mirrord()}, now or at the learnt moment. */
    private void queueBio(BioList list, WorkerTakes schedule, Bio bio) {
        long now = kernel.sim.now();
        long at = schedule == null ? now : schedule.takenAt(bio.sector, now);
        if (at <= now) {
            list.add(bio);
            wakeup();
            return;
        }
        learntTakes++;
        kernel.sim.at(at, () -> {
            list.add(bio);
            wakeup();
        });
    }

    /**
     * Trace replays: kmirrord submits each later leg's copy of an empty flush that long after the leg before
     * ({@link DmIoClient#regionGap}), a gap drawn per leg from the traced kernel's ({@code samples}, ns).
     */
    public void legGaps(long[] samples, java.util.SplittableRandom random) {
        long[] a = samples.clone();
        io.regionGap(IoClass.MIRROR_WRITE, a.length == 0 ? null : () -> a[random.nextInt(a.length)]);
    }

    /**
     * Trace replays: kmirrord takes each read of a region not in sync when the traced kernel's did (learnt from the
     * default leg's read {@code Q} records no remap explains); null (the default) takes it at its next run.
     */
    public void readWorkerRuns(WorkerTakes schedule) {
        this.readRuns = schedule;
    }

    /**
     * Trace replays: kmirrord takes each write when the traced kernel's did ({@link WorkerTakes}, learnt from
     * the first leg's {@code Q} records no remap explains); null (the default) takes it at its next run.
     */
    public void workerRuns(WorkerTakes schedule) {
        this.runs = schedule;
    }

    /**
     * Whether {@code do_recovery} may start recovering {@code region} now: always without a learnt schedule; in a
     * trace replay not before the traced kernel's kcopyd first read the region (the kernel's kmirrord and kcopyd
     * ran later than the model's, and a region recovered early turns reads the kernel sent through kmirrord to
     * the default leg into reads balanced over the legs). When it is not yet due, kmirrord is woken then.
     */
    private boolean recoveryDue(long region) {
        if (recoveryStarts == null) {
            return true;
        }
        Long at = recoveryStarts.get(region);
        long now = kernel.sim.now();
        if (at == null || at <= now) {
            return true;
        }
        if (recoveryWakeAt < 0 || at < recoveryWakeAt) {
            recoveryWakeAt = at;
            kernel.sim.at(at, () -> {
                if (recoveryWakeAt == at) {
                    recoveryWakeAt = -1;
                    wakeup();
                }
            });
        }
        return false;
    }

    /**
     * Trace replays: a region's recovery starts no earlier than the traced kernel's (region → time in the replay's
     * clock); null (the default) recovers as soon as kmirrord gets to it.
     */
    public void recoveryStarts(Map<Long, Long> startByRegion) {
        this.recoveryStarts = startByRegion;
    }

    /** How many writes were handed to kmirrord at a learnt moment later than their map. */
    public long learntTakes() {
        return learntTakes;
    }

    /** {@code dm_rh_get_state()}: the region's state, from the hash or (not there) from the log. */
    private State state(long region) {
        Reg r = hash.get(region);
        if (r != null) {
            return r.state;
        }
        return log.inSync(region) ? State.CLEAN : State.NOSYNC;
    }

    private Reg get(long region) {
        return hash.computeIfAbsent(region, k -> new Reg(k, log.inSync(k) ? (log.isClean(k) ? State.CLEAN
                : State.DIRTY) : State.NOSYNC, kmirrord, md));
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        if (bio.op.isWrite() || bio.has(Bio.PREFLUSH)) {
            tio.perBioData = new RegionRef(bio.sectors > 0 && !bio.has(Bio.PREFLUSH) && bio.op != Op.DISCARD
                    ? region(bio) : -1L);
            queueWrite(bio);
            return DmMapio.SUBMITTED;
        }
        long region = region(bio);
        if (!log.inSync(region)) {
            if (bio.has(Bio.RAHEAD)) {
                return DmMapio.KILL;
            }
            queueRead(bio);
            return DmMapio.SUBMITTED;
        }
        Leg m = chooseMirror();
        if (m == null) {
            return DmMapio.KILL;
        }
        tio.perBioData = new RegionRef(-1L);
        mapBio(m, bio);
        m.reads++;
        return DmMapio.REMAPPED;
    }

    /** {@code choose_mirror()} (v6.1): the default leg, or the next one without errors going backwards. */
    private Leg chooseMirror() {
        int i = defaultLeg;
        do {
            if (legs[i].errorCount == 0) {
                return legs[i];
            }
            i = i == 0 ? legs.length - 1 : i - 1;
        } while (i != defaultLeg);
        return null;
    }

    private void mapBio(Leg m, Bio bio) {
        bio.dev = m.dev;
        if (bio.sectors > 0) {
            bio.sector = m.offset + offset(bio.sector);
        }
    }

    /** {@code mirror_end_io()}: a write drops its region's pending count; a failed read is retried. */
    @Override
    public DmEndio endIo(TargetIo tio) {
        Bio bio = tio.clone;
        if (bio.op == Op.READ) {
            if (bio.status != 0 && !bio.has(Bio.RAHEAD)) {
                Leg failed = legOf(bio.dev);
                if (failed != null) {
                    failMirror(failed);
                }
                if (chooseMirror() != null) {
                    // restore the bio (dm_bio_restore) and let kmirrord read it from another leg
                    bio.status = 0;
                    bio.dev = tio.md();
                    bio.sector = begin + (bio.sector - (failed == null ? 0 : failed.offset));
                    reads.add(bio);
                    wakeup();
                    return DmEndio.INCOMPLETE;
                }
            }
            return DmEndio.DONE;
        }
        long region = regionOf(tio);
        if (region >= 0) {
            rhDec(region);
        }
        return DmEndio.DONE;
    }

    private Leg legOf(BlockDevice d) {
        for (Leg l : legs) {
            if (l.dev == d) {
                return l;
            }
        }
        return null;
    }

    /** {@code dm_rh_dec()}: the last write of a region makes it clean (or lets its recovery start). */
    private void rhDec(long region) {
        Reg r = hash.get(region);
        if (r == null || --r.pending > 0) {
            return;
        }
        if (r.state == State.RECOVERING) {
            quiesced.add(r);
        } else if (r.state == State.DIRTY) {
            r.state = State.CLEAN;
            cleanRegions.add(r);
        }
        wakeup();
    }

    /** {@code fail_mirror()}: count the error; a failed default leg hands the default to a working one. */
    private void failMirror(Leg m) {
        m.errorCount++;
        if (!handleErrors || legs[defaultLeg] != m) {
            return;
        }
        for (int i = 0; i < legs.length; i++) {
            if (legs[i].errorCount == 0) {
                defaultLeg = i;
                return;
            }
        }
    }

    /** {@code write_callback()} (dm-io notify, completion context). */
    private void writeCallback(Bio bio, long errorBits) {
        if (errorBits == 0) {
            BioOps.endio(bio);
            return;
        }
        if (bio.op == Op.DISCARD) {
            bio.status = 1;
            BioOps.endio(bio);
            return;
        }
        for (int i = 0; i < legs.length; i++) {
            if ((errorBits & (1L << i)) != 0) {
                failMirror(legs[i]);
            }
        }
        failures.add(bio);
        wakeup();
    }

    /** {@code do_mirror()}: the kmirrord work function. */
    private final class DoMirror extends Frame {
        private List<Bio> rd;
        private List<Bio> sync;
        private List<Bio> nosync;
        private int i;
        private Reg recovering;

        /** {@code do_mirror()} → {@code dm_rh_update_states()}, v6.1: clean/recovered regions, then the log flush. */
        private static final int UPDATE_STATES = 0;
        /** {@code do_recovery()}, v6.1: {@code dm_rh_recovery_prepare()}, {@code dm_rh_recovery_start()}. */
        private static final int DO_RECOVERY = 1;
        /** {@code recover()}, v6.1: {@code dm_kcopyd_copy()} of the region from the default leg to the others. */
        private static final int RECOVER = 2;
        /** {@code do_mirror()} → {@code do_reads()}, v6.1: take the queued reads. */
        private static final int DO_READS = 3;
        /** {@code do_reads()}, v6.1: {@code read_async_bio()} of the next read (or {@code bio_io_error}). */
        private static final int READ_NEXT = 4;
        /** {@code do_writes()}, v6.1: classify by region state, {@code dm_rh_inc_pending}, {@code dm_rh_flush}. */
        private static final int DO_WRITES = 6;
        /** {@code do_writes()}, v6.1: {@code dm_rh_flush()} returned. */
        private static final int LOG_FLUSHED = 7;
        /** {@code do_writes()} → {@code do_write()}, v6.1: dm-io of the next sync write to every leg. */
        private static final int DO_WRITE = 8;
        /** {@code do_writes()}, v6.1: the next NOSYNC write: {@code map_bio(default)}, {@code submit_bio_noacct}. */
        private static final int WRITE_NOSYNC = 9;
        /** {@code do_mirror()} → {@code do_failures()}, v6.1. */
        private static final int DO_FAILURES = 10;

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case UPDATE_STATES -> {
                        for (Reg r : cleanRegions) {
                            log.clearRegion(r.key);
                            hash.remove(r.key);
                        }
                        cleanRegions.clear();
                        for (Reg r : recovered) {
                            log.setRegionSync(r.key, true);
                            hash.remove(r.key);
                            writes.merge(r.delayed);
                            recoveryCount++;
                        }
                        recovered.clear();
                        pc = DO_RECOVERY;
                        return t.call(log.flush());
                    }
                    case DO_RECOVERY -> {
                        while (recoveryCount > 0) {
                            long next = log.peekResyncWork();
                            if (next < 0 || !recoveryDue(next)) {
                                break;
                            }
                            long region = log.getResyncWork();
                            recoveryCount--;
                            Reg r = get(region);
                            r.state = State.RECOVERING;
                            if (r.pending == 0) {
                                quiesced.add(r);
                            }
                        }
                        if (!quiesced.isEmpty()) {
                            recovering = quiesced.remove(0);
                            pc = RECOVER;
                            continue;
                        }
                        if (!inSync && log.syncCount() == nrRegions) {
                            inSync = true;
                        }
                        pc = DO_READS;
                    }
                    case RECOVER -> {
                        Reg r = recovering;
                        long start = r.key * regionSectors;
                        long n = Math.min(regionSectors, len - start);
                        Leg from = legs[defaultLeg];
                        List<Region> to = new ArrayList<>();
                        for (Leg l : legs) {
                            if (l != from) {
                                to.add(new Region(l.dev, l.offset + start, n));
                            }
                        }
                        recoveries++;
                        pc = DO_RECOVERY;
                        Step s = kcopyd.copy(t, new Region(from.dev, from.offset + start, n), to,
                                (worker, readErr, writeErr) -> {
                                    // recovery_complete → dm_rh_recovery_end
                                    if (readErr || writeErr != 0) {
                                        hash.remove(r.key);
                                        recoveryCount++;
                                        writes.merge(r.delayed);
                                    } else {
                                        recovered.add(r);
                                    }
                                    wakeup();
                                    return null;
                                });
                        if (s == CALL) {
                            return CALL;
                        }
                    }
                    case DO_READS -> {
                        rd = reads.toList();
                        while (reads.pop() != null) {
                            // taken
                        }
                        i = 0;
                        pc = READ_NEXT;
                    }
                    case READ_NEXT -> {
                        if (i >= rd.size()) {
                            pc = DO_WRITES;
                            continue;
                        }
                        Bio b = rd.get(i++);
                        long region = region(b);
                        Leg m = log.inSync(region) ? chooseMirror() : legs[defaultLeg];
                        if (m != null && !log.inSync(region) && m.errorCount > 0) {
                            m = null;
                        }
                        if (m == null) {
                            BioOps.ioError(b);
                            continue;
                        }
                        m.reads++;
                        Leg mm = m;
                        pc = READ_NEXT;
                        return io.submit(t, Op.READ, b.flags & ~Bio.SYNC,
                                List.of(new Region(m.dev, m.offset + offset(b.sector), b.sectors)), IoClass.MIRROR_READ,
                                bits -> {
                                    if (bits != 0) {
                                        failMirror(mm);
                                        b.status = 10;
                                    }
                                    BioOps.endio(b);
                                });
                    }
                    case DO_WRITES -> {
                        if (writes.isEmpty()) {
                            // do_writes() returns at once without writes: no dm_rh_flush, so a disk log touched by
                            // get_resync_work alone is written with the next region's completion
                            pc = DO_FAILURES;
                            continue;
                        }
                        sync = new ArrayList<>();
                        nosync = new ArrayList<>();
                        Bio b;
                        while ((b = writes.pop()) != null) {
                            if (b.has(Bio.PREFLUSH) || b.op == Op.DISCARD) {
                                sync.add(b);
                                continue;
                            }
                            long region = region(b);
                            switch (state(region)) {
                                case CLEAN, DIRTY -> sync.add(b);
                                case NOSYNC -> nosync.add(b);
                                case RECOVERING -> {
                                    get(region).delayed.add(b);
                                    delayedWrites++;
                                    continue;
                                }
                                default -> throw new IllegalStateException();
                            }
                            Reg r = get(region);
                            r.pending++;
                            if (r.state == State.CLEAN) {
                                r.state = State.DIRTY;
                                log.markRegion(region);
                            }
                        }
                        pc = LOG_FLUSHED;
                        return t.call(log.flush());
                    }
                    case LOG_FLUSHED -> {
                        i = 0;
                        pc = DO_WRITE;
                    }
                    case DO_WRITE -> {
                        if (i >= sync.size()) {
                            i = 0;
                            pc = WRITE_NOSYNC;
                            continue;
                        }
                        Bio b = sync.get(i++);
                        List<Region> where = new ArrayList<>();
                        for (Leg l : legs) {
                            where.add(new Region(l.dev, b.sectors == 0 ? 0 : l.offset + offset(b.sector), b.sectors));
                            l.writes++;
                        }
                        Op op = b.op == Op.DISCARD ? Op.DISCARD : Op.WRITE;
                        return io.submit(t, op, b.flags & (Bio.FUA | Bio.PREFLUSH), where, IoClass.MIRROR_WRITE,
                                bits -> writeCallback(b, bits));
                    }
                    case WRITE_NOSYNC -> {
                        if (i >= nosync.size()) {
                            pc = DO_FAILURES;
                            continue;
                        }
                        Bio b = nosync.get(i++);
                        Leg m = legs[defaultLeg];
                        mapBio(m, b);
                        m.writes++;
                        nosyncWrites++;
                        if (Gmr.submit(t, b) == CALL) {
                            return CALL;
                        }
                    }
                    case DO_FAILURES -> {
                        Bio b;
                        while ((b = failures.pop()) != null) {
                            TargetIo tio = (TargetIo) b.owner;
                            long region = regionOf(tio);
                            if (region >= 0) {
                                // dm_rh_mark_nosync
                                log.setRegionSync(region, false);
                                Reg r = get(region);
                                r.state = State.NOSYNC;
                                inSync = false;
                            }
                            boolean valid = false;
                            for (Leg l : legs) {
                                valid |= l.errorCount == 0;
                            }
                            if (!valid) {
                                BioOps.ioError(b);
                            } else if (handleErrors) {
                                holds.add(b);
                            } else {
                                BioOps.endio(b);
                            }
                        }
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "do_mirror(" + md + ")";
        }
    }

    /** Per-leg and per-class figures of this mirror set. */
    public record MirrorStats(String device, long regions, long regionsInSync, long recoveries, long delayedWrites,
                              long nosyncWrites, long logFlushes, long held, List<String> legs,
                              List<DmIoClient.IoCount> dmIo, List<DmIoClient.IoCount> kcopydIo) {
    }

    public MirrorStats stats() {
        List<String> l = new ArrayList<>();
        for (Leg g : legs) {
            l.add(g.dev.name + " reads=" + g.reads + " writes=" + g.writes + " errors=" + g.errorCount);
        }
        return new MirrorStats(md, nrRegions, log.syncCount(), recoveries, delayedWrites, nosyncWrites, log.flushes(),
                holds.size(), l, io.counts(), kcopyd.dmIo().counts());
    }

    /**
     * {@code struct dm_raid1_bio_record}'s region as the model needs it: the write's region, whose pending count its
     * completion drops ({@code dm_rh_dec}); -1 for bios that hold no region (flushes, discards, reads).
     */
    record RegionRef(long region) implements dev.dmreplay.replay.dm.PerBioData {
    }

    private static long regionOf(TargetIo tio) {
        RegionRef r = tio.perBio(RegionRef.class);
        return r == null ? -1L : r.region();
    }
}
