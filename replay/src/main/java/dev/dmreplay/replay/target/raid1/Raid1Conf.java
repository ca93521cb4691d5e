package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * md's raid1 personality ({@code struct r1conf} and the request paths of drivers/md/raid1.c) as the kernel runs it
 * under dm-raid: {@code raid1_make_request} → {@code raid1_read_request} / {@code raid1_write_request} (v4.12–v6.1
 * structure; with the GLOBAL barrier the v3.5 {@code make_request} order: barrier, r1bio, no barrier-unit split),
 * {@code read_balance}, {@code raid1d} ({@code flush_pending_writes} after {@code md_bitmap_unplug}, the retry list,
 * {@code sync_request_write}), the completion handlers ({@code raid1_end_read_request}, {@code
 * raid1_end_write_request}, {@code end_sync_read}, {@code end_sync_write}) and {@code md_error} (a failed member
 * becomes Faulty unless it is the last in-sync one). The resync thread is {@link Raid1Resync}, the barrier
 * {@link Raid1Barrier}, the bitmap {@link WriteIntentBitmap}; flushes go through {@link MdFlush}.
 *
 * <p>Pools: {@code r1bio_pool} (NR_RAID1_BIOS = 256), {@code r1buf_pool} (RESYNC_WINDOW / RESYNC_BLOCK_SIZE = 32
 * resync buffers with their per-disk bios), {@code mddev->bio_set} (BIO_POOL_SIZE; the per-mirror clones; with a
 * rescuer when the strategy's biosets have one, as every bioset had before v4.13) and {@code conf->bio_split}.
 *
 * <p>Departures: writes are handed to raid1d through {@code conf->pending_bio_list} as when no plug is active
 * (unless submitted directly, {@link #submitWritesDirectly}; the
 * model's submitters have no {@code blk_plug}; with one, {@code raid1_unplug} hands them to raid1d anyway when
 * called from {@code schedule()} or under {@code current->bio_list}); write-behind, write-mostly, bad blocks,
 * {@code max_queued_requests}, {@code freeze_array} and {@code fix_read_error} are not modelled: a failed read is
 * retried on another in-sync mirror by raid1d, a failed mirror write marks the mirror Faulty at completion and the
 * master bio succeeds when some mirror wrote it.
 */
public final class Raid1Conf {
    /** {@code NR_RAID1_BIOS}. */
    static final int NR_RAID1_BIOS = 256;
    /** {@code RESYNC_WINDOW / RESYNC_BLOCK_SIZE}. */
    static final int R1BUF_POOL = 32;

    final String name;
    final Kernel kernel;
    final BlockLayer layer;
    final Mirror[] mirrors;
    /** Array size in sectors. */
    final long devSectors;
    /** The DM target's begin: array sector = bio sector - base. */
    private final long base;
    final Mempool r1bioPool;
    final Mempool r1bufPool;
    final Bioset bioSet;
    final Bioset bioSplit;
    final Raid1Barrier barrier;
    final WriteIntentBitmap bitmap;
    private boolean writesDirect;
    final Raid1Resync resync;
    final MdFlush flush;
    /** md's superblock updates; null without metadata devices (dm-raid then has no superblocks). */
    final MdSuperblock sb;
    private final Workqueue thread;
    private final WorkItem raid1d;
    /** {@code conf->pending_bio_list}: mirror writes waiting for raid1d. */
    private final BioList pendingBioList;
    /** {@code conf->retry_list}. */
    private final ArrayDeque<R1Bio> retryList = new ArrayDeque<>();
    private final List<R1Bio> normalInFlight = new ArrayList<>();
    private final List<R1Bio> syncInFlight = new ArrayList<>();
    private long nextR1BioId = 1;

    // statistics
    private long reads;
    private long writes;
    private long readRetries;
    private long splits;

    /**
     * @param mirrors   the legs in table order
     * @param regionSectors bitmap chunk size ({@code region_size}); 0 for no bitmap
     * @param start     whether the array resyncs, has a bitmap and superblocks ({@link ArrayStart}, dm-raid's
     *                  {@code raid_ctr})
     * @param rebuild   legs to recover ({@code rebuild N}): not In_sync, written by the resync
     */
    public Raid1Conf(BlockLayer layer, Knobs knobs, String name, List<Mirror> mirrors, long devSectors, long base,
                     long regionSectors, ArrayStart start, List<Integer> rebuild) {
        this.name = name;
        this.layer = layer;
        this.kernel = layer.kernel;
        this.mirrors = mirrors.toArray(new Mirror[0]);
        this.devSectors = devSectors;
        this.base = base;
        this.r1bioPool = new Mempool(kernel, "conf->r1bio_pool of " + name, PoolKind.MEMPOOL, NR_RAID1_BIOS,
                0);
        this.r1bufPool = new Mempool(kernel, "conf->r1buf_pool of " + name, PoolKind.MEMPOOL, R1BUF_POOL, 0);
        Workqueue rescuer = knobs.dmBiosetRescuer() ? new Workqueue(kernel, "bioset/md-" + name, 0) : null;
        this.bioSet = new Bioset(layer, "mddev->bio_set of " + name, Bioset.BIO_POOL_SIZE, false, rescuer);
        this.bioSplit = new Bioset(layer, "conf->bio_split of " + name, Bioset.BIO_POOL_SIZE, false, null);
        this.barrier = new Raid1Barrier(this, knobs.raid1BarrierInEffect(), knobs.mdResyncFix());
        this.thread = new Workqueue(kernel, name + "_raid1", 1);
        this.raid1d = new WorkItem("raid1d(" + name + ")", Raid1d::new);
        this.pendingBioList = new BioList("conf->pending_bio_list of " + name, raid1d);
        this.bitmap = start.bitmap() && regionSectors > 0
                ? new WriteIntentBitmap(this, regionSectors, start.newBitmap()) : null;
        for (int r : rebuild) {
            this.mirrors[r].inSync = false;
        }
        this.flush = new MdFlush(this);
        this.sb = start.superblocks() ? new MdSuperblock(this) : null;
        this.resync = start.resync() && devSectors > 0 ? new Raid1Resync(this, 0) : null;
    }

    /** Starts the resync thread if the array is not in sync ({@code md_do_sync} runs as soon as the array runs). */
    public void start() {
        if (resync != null) {
            resync.start();
        }
    }

    int disks() {
        return mirrors.length;
    }

    long arraySector(Bio bio) {
        return bio.sector - base;
    }

    List<R1Bio> normalInFlight() {
        return normalInFlight;
    }

    List<R1Bio> syncInFlight() {
        return syncInFlight;
    }

    /** {@code md_wakeup_thread(mddev->thread)}. */
    /**
     * Mirror writes go down from {@code raid1_write_request} itself when the array has no write-intent bitmap
     * ({@code raid1_add_bio_to_plug} → {@code raid1_submit_write}, "md/raid1-10: submit write io directly if bitmap
     * is not enabled", v6.5; as the traced Debian 6.1.192 kernels did), not through raid1d. Off by default (the
     * v6.1 mainline path); a trace replay turns it on where the trace shows it ({@code Raid1WriteIssuers}).
     */
    public void submitWritesDirectly(boolean on) {
        this.writesDirect = on;
    }

    /** Whether this array's writes skip raid1d ({@link #submitWritesDirectly}): only without a bitmap. */
    public boolean submitsWritesDirectly() {
        return writesDirect && bitmap == null;
    }

    void wakeupThread() {
        thread.queue(raid1d);
    }

    /** {@code raid1_make_request()}: pushes the request frame (returns CALL). */
    public Step makeRequest(Task t, Bio bio) {
        if (bio.has(Bio.PREFLUSH)) {
            return flush.request(t, bio);
        }
        return t.call(new MakeRequest(bio));
    }

    R1Bio newR1Bio(Mempool pool, String task, Bio master, long sector, int sectors, boolean sync) {
        R1Bio r1 = new R1Bio(this, nextR1BioId++, master, sector, sectors, sync);
        pool.attach(r1, task, master == null ? 0 : master.id);
        (sync ? syncInFlight : normalInFlight).add(r1);
        return r1;
    }

    /**
     * {@code read_balance()} (v6.1, rotational members): during a resync past this range, the first in-sync
     * mirror; otherwise a mirror reading sequentially, else an idle one, else the closest head. A write-mostly
     * member is not balanced over: the first one is kept as the last resort, which any other usable member
     * replaces.
     */
    int readBalance(long sector, int sectors) {
        boolean chooseFirst = resync != null && resync.running() && resync.checkpoint() < sector + sectors;
        int best = -1;
        int bestDist = -1;
        long bestDistance = Long.MAX_VALUE;
        int bestPending = -1;
        int minPending = Integer.MAX_VALUE;
        for (Mirror m : mirrors) {
            if (m.faulty || !m.inSync) {
                continue;
            }
            if (m.writeMostly) {
                if (bestDist < 0) {
                    bestDist = m.index;
                    bestPending = m.index;
                }
                continue;
            }
            if (chooseFirst) {
                best = m.index;
                break;
            }
            long dist = Math.abs(sector - m.headPosition);
            if (m.nextSeqSect == sector || dist == 0) {
                best = m.index;
                break;
            }
            if (m.pending < minPending) {
                minPending = m.pending;
                bestPending = m.index;
            }
            if (dist < bestDistance) {
                bestDistance = dist;
                bestDist = m.index;
            }
        }
        if (best < 0) {
            best = minPending == 0 ? bestPending : bestDist;
        }
        if (best >= 0) {
            mirrors[best].nextSeqSect = sector + sectors;
        }
        return best;
    }

    /** {@code raid1_make_request()} for a read or a write (incl. discard and write-zeroes, which take the write path). */
    private final class MakeRequest extends Frame {
        /** raid1_read_request()/raid1_write_request(), v6.1: {@code wait_read_barrier()} or {@code wait_barrier()}. */
        private static final int WAIT_BARRIER = 0;
        /** {@code alloc_r1bio()}, v6.1: {@code mempool_alloc(&conf->r1bio_pool, GFP_NOIO)}. */
        private static final int ALLOC_R1BIO = 1;
        /** v6.1: the r1bio is ours; {@code read_balance} (reads), {@code align_to_barrier_unit_end}, split if short. */
        private static final int R1BIO_ALLOCATED = 2;
        /** v6.1: {@code bio_split(bio, max_sectors, gfp, &conf->bio_split)} returned: chain, resubmit the rest. */
        private static final int SPLIT_RETURNED = 3;
        /** v6.1: master bio final; a read clones for its disk, a write does {@code md_bitmap_startwrite}. */
        private static final int ISSUE = 4;
        /** raid1_read_request(), v6.1: {@code read_bio} arrived from {@code mddev->bio_set}; submit it. */
        private static final int READ_CLONE_ALLOCATED = 5;
        /** raid1_write_request(), v6.1: {@code for (i = 0; i < disks; i++)}, the next mirror not Faulty. */
        private static final int WRITE_NEXT_MIRROR = 6;
        /** raid1_write_request(), v6.1: {@code mbio} arrived; onto {@code conf->pending_bio_list}. */
        private static final int WRITE_CLONE_ALLOCATED = 7;
        /** raid1_read_request(), v6.1: {@code submit_bio_noacct(read_bio)} returned. */
        private static final int READ_SUBMITTED = 8;

        private Bio bio;
        private final boolean read;
        private final long sector;
        private R1Bio r1;
        private int disk;
        private int i;
        private boolean writeStarted;

        MakeRequest(Bio bio) {
            this.bio = bio;
            this.read = bio.op == Op.READ;
            this.sector = arraySector(bio);
        }

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case WAIT_BARRIER -> {
                        if (!read && sb != null && !writeStarted) {
                            // raid1_make_request, v6.1: md_write_start before raid1_write_request
                            writeStarted = true;
                            return t.call(sb.writeStart());
                        }
                        if (resync != null) {
                            resync.noteNormalIo(bio.sectors);
                        }
                        pc = ALLOC_R1BIO;
                        if (barrier.waitBarrier(t, sector, read) == CALL) {
                            return CALL;
                        }
                    }
                    case ALLOC_R1BIO -> {
                        Mempool.Attempt r = r1bioPool.tryAlloc(Gfp.NOIO, t.name);
                        pc = R1BIO_ALLOCATED;
                        if (r == Mempool.Attempt.MUST_SLEEP) {
                            return t.call(r1bioPool.allocFrame());
                        }
                    }
                    case R1BIO_ALLOCATED -> {
                        int max = bio.sectors;
                        if (barrier.buckets) {
                            max = (int) Raid1Barrier.toUnitEnd(sector, bio.sectors);
                        }
                        if (read) {
                            disk = readBalance(sector, max);
                        }
                        r1 = newR1Bio(r1bioPool, t.name, bio, sector, max, false);
                        if (max < bio.sectors) {
                            // bio_split from conf->bio_split, chained; the remainder goes back to this device
                            splits++;
                            pc = SPLIT_RETURNED;
                            return BioOps.split(t, bio, max, Gfp.NOIO, bioSplit);
                        }
                        pc = ISSUE;
                    }
                    case SPLIT_RETURNED -> {
                        Bio head = t.retBio;
                        BioOps.chain(head, bio);
                        Bio remainder = bio;
                        bio = head;
                        r1.master = head;
                        pc = ISSUE;
                        if (Gmr.submit(t, remainder) == CALL) {
                            return CALL;
                        }
                    }
                    case ISSUE -> {
                        bio.at = r1;
                        if (read) {
                            if (disk < 0) {
                                // no in-sync mirror left: raid_end_bio_io with an error
                                bio.status = 10;
                                endR1Bio(r1);
                                return RETURN;
                            }
                            pc = READ_CLONE_ALLOCATED;
                            if (BioAlloc.alloc(t, bioSet, Gfp.NOIO, 0) == CALL) {
                                return CALL;
                            }
                        } else {
                            if (bitmap != null) {
                                bitmap.startWrite(sector, r1.sectors);
                            }
                            r1.remaining = 1;
                            i = 0;
                            pc = WRITE_NEXT_MIRROR;
                        }
                    }
                    case READ_CLONE_ALLOCATED -> {
                        Bio rb = t.retBio;
                        issueRead(r1, disk, rb);
                        reads++;
                        pc = READ_SUBMITTED;
                        if (Gmr.submit(t, rb) == CALL) {
                            return CALL;
                        }
                    }
                    case READ_SUBMITTED -> {
                        return RETURN;
                    }
                    case WRITE_NEXT_MIRROR -> {
                        while (i < mirrors.length && mirrors[i].faulty) {
                            i++;
                        }
                        if (i == mirrors.length) {
                            writes++;
                            writeDone(r1);
                            if (!submitsWritesDirectly()) {
                                wakeupThread();
                            }
                            return RETURN;
                        }
                        pc = WRITE_CLONE_ALLOCATED;
                        if (BioAlloc.alloc(t, bioSet, Gfp.NOIO, 0) == CALL) {
                            return CALL;
                        }
                    }
                    case WRITE_CLONE_ALLOCATED -> {
                        Bio mb = t.retBio;
                        Mirror m = mirrors[i];
                        BioOps.cloneFast(mb, bio);
                        mb.dev = m.dev;
                        mb.sector = r1.sector + m.dataOffset;
                        mb.sectors = r1.sectors;
                        mb.priv = r1;
                        mb.endIo = Raid1Conf.this::endWriteRequest;
                        r1.bios[i] = mb;
                        r1.remaining++;
                        if (mb.op == Op.WRITE) {
                            m.writes++;
                            m.writeSectors += mb.sectors;
                        } else {
                            m.discards++;
                        }
                        i++;
                        pc = WRITE_NEXT_MIRROR;
                        if (submitsWritesDirectly()) {
                            // raid1_add_bio_to_plug (v6.5+): no bitmap to wait for, raid1_submit_write at once
                            if (Gmr.submit(t, mb) == CALL) {
                                return CALL;
                            }
                        } else {
                            pendingBioList.add(mb);
                        }
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return (read ? "raid1_read_request(" : "raid1_write_request(") + name + ")";
        }
    }

    private void issueRead(R1Bio r1, int d, Bio rb) {
        Mirror m = mirrors[d];
        BioOps.cloneFast(rb, r1.master);
        rb.sector = r1.sector + m.dataOffset;
        rb.sectors = r1.sectors;
        rb.dev = m.dev;
        rb.op = Op.READ;
        rb.priv = r1;
        rb.endIo = this::endReadRequest;
        r1.readDisk = d;
        r1.bios[d] = rb;
        r1.remaining = 1;
        m.pending++;
        m.reads++;
        m.readSectors += rb.sectors;
    }

    /** {@code raid1_end_read_request()} (completion context). */
    private void endReadRequest(Bio rb) {
        R1Bio r1 = (R1Bio) rb.priv;
        Mirror m = mirrors[r1.readDisk];
        m.pending--;
        m.headPosition = r1.sector + r1.sectors;
        boolean failed = rb.status != 0;
        r1.bios[r1.readDisk] = null;
        BioOps.put(rb);
        if (failed) {
            mdError(m);
            r1.readError = true;
            // reschedule_retry: raid1d re-reads from another in-sync mirror (handle_read_error, simplified)
            retryList.add(r1);
            wakeupThread();
            return;
        }
        endR1Bio(r1);
    }

    /** {@code raid1_end_write_request()} (completion context). */
    private void endWriteRequest(Bio mb) {
        R1Bio r1 = (R1Bio) mb.priv;
        for (int d = 0; d < r1.bios.length; d++) {
            if (r1.bios[d] == mb) {
                r1.bios[d] = null;
                mirrors[d].headPosition = r1.sector + r1.sectors;
                if (mb.status != 0) {
                    r1.writeError = true;
                    mdError(mirrors[d]);
                } else {
                    r1.anyWriteOk = true;
                }
            }
        }
        BioOps.put(mb);
        writeDone(r1);
    }

    /** {@code r1_bio_write_done()}: the last mirror write (or the submitter's reference) ends the r1bio. */
    private void writeDone(R1Bio r1) {
        if (--r1.remaining > 0) {
            return;
        }
        // close_write(), v6.1: md_bitmap_endwrite, md_write_end
        if (bitmap != null) {
            bitmap.endWrite(r1.sector, r1.sectors);
        }
        if (sb != null) {
            sb.writeEnd();
        }
        if (!r1.anyWriteOk && r1.master.status == 0) {
            r1.master.status = 10;
        }
        endR1Bio(r1);
    }

    /** {@code raid_end_bio_io()}: end the master bio, free the r1bio, {@code allow_barrier()}. */
    private void endR1Bio(R1Bio r1) {
        Bio master = r1.master;
        master.at = null;
        normalInFlight.remove(r1);
        r1bioPool.free(r1);
        BioOps.endio(master);
        barrier.allow(r1.sector);
    }

    /** {@code md_error()} → raid1's {@code error()}: Faulty unless it is the last working mirror. */
    void mdError(Mirror m) {
        if (m.faulty) {
            return;
        }
        int working = 0;
        for (Mirror x : mirrors) {
            working += !x.faulty && x.inSync ? 1 : 0;
        }
        if (m.inSync && working == 1) {
            return;
        }
        m.faulty = true;
        m.inSync = false;
    }

    /** {@code end_sync_read()}: hand the window to raid1d ({@code reschedule_retry}). */
    void endSyncRead(Bio rb) {
        R1Bio r1 = (R1Bio) rb.priv;
        r1.bios[r1.readDisk] = null;
        if (rb.status != 0) {
            r1.readError = true;
        }
        retryList.add(r1);
        wakeupThread();
    }

    /** {@code end_sync_write()}: the last write of a window puts the buffer and lowers the barrier. */
    private void endSyncWrite(Bio wb) {
        R1Bio r1 = (R1Bio) wb.priv;
        for (int d = 0; d < r1.bios.length; d++) {
            if (r1.bios[d] == wb) {
                r1.bios[d] = null;
                if (wb.status != 0) {
                    mdError(mirrors[d]);
                }
            }
        }
        syncWriteDone(r1);
    }

    private void syncWriteDone(R1Bio r1) {
        if (--r1.remaining > 0) {
            return;
        }
        // put_buf(): back to r1buf_pool, lower_barrier(); md_done_sync()
        syncInFlight.remove(r1);
        r1bufPool.free(r1);
        barrier.lower(r1.sector);
        resync.doneSync(r1.sectors, !r1.readError);
    }

    /**
     * {@code raid1d()}: bitmap pages first ({@code md_bitmap_unplug}), then the queued mirror writes
     * ({@code flush_pending_writes}), then the retry list (resync windows to write, reads to retry), then the
     * bitmap daemon when due. When the block layer plugs (trace replays), the loop runs under raid1d's own
     * {@code blk_start_plug}/{@code blk_finish_plug} (v6.1 {@code raid1d}), so the window writes of consecutive
     * resync windows merge into requests as in the kernel.
     */
    private final class Raid1d extends Frame {
        /** flush_pending_writes(), v6.1: take {@code conf->pending_bio_list}; {@code md_bitmap_unplug} first. */
        private static final int FLUSH_PENDING_WRITES = 0;
        /** flush_bio_list(), v6.1: {@code submit_bio_noacct} of each taken write, then wake the barrier waiters. */
        private static final int SUBMIT_PENDING_WRITES = 1;
        /** raid1d() {@code for (;;)}, v6.1: new pending writes first, else the next r1bio on the retry list. */
        private static final int NEXT_RETRY = 2;
        /** sync_request_write(), v6.1: the window read goes to every other working mirror. */
        private static final int SYNC_REQUEST_WRITE = 3;
        /** handle_read_error(), v6.1 (simplified): {@code read_balance} again for another in-sync mirror. */
        private static final int HANDLE_READ_ERROR = 4;
        /** raid1d() end: the bitmap daemon when due ({@code md_check_recovery} → {@code md_bitmap_daemon_work}). */
        private static final int BITMAP_DAEMON = 5;
        /** {@code md_bitmap_unplug()} of the pages the daemon cleared returned. */
        private static final int DAEMON_UNPLUG_RETURNED = 6;
        /** handle_read_error() → raid1_read_request(), v6.1: the retry's {@code read_bio} arrived; submit it. */
        private static final int RETRY_READ_ALLOCATED = 41;

        private BioList taken;
        private R1Bio cur;
        private int d;
        private boolean plugged;
        private boolean checked;

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case FLUSH_PENDING_WRITES -> {
                        if (sb != null && sb.due() && !checked) {
                            // raid1d, v6.1: md_check_recovery first (md_update_sb when sb_flags are set)
                            checked = true;
                            return t.call(sb.checkRecovery());
                        }
                        checked = true;
                        if (!plugged && layer.plugging()) {
                            // raid1d, v6.1: blk_start_plug around the loop, after the first md_check_recovery: the
                            // window writes of sync_request_write and the flushed pending writes merge; sleeping
                            // (md_update_sb, a bioset) flushes the plug through schedule()
                            layer.startPlug(t);
                            plugged = true;
                        }
                        taken = new BioList("conf->pending_bio_list of " + name + " (taken by raid1d)", raid1d);
                        taken.merge(pendingBioList);
                        pc = SUBMIT_PENDING_WRITES;
                        if (bitmap != null && bitmap.hasDirtyPages() && !taken.isEmpty()) {
                            return t.call(bitmap.unplug());
                        }
                    }
                    case SUBMIT_PENDING_WRITES -> {
                        Bio b = taken.pop();
                        if (b == null) {
                            pc = NEXT_RETRY;
                            barrier.wakeUp();
                            continue;
                        }
                        if (Gmr.submit(t, b) == CALL) {
                            return CALL;
                        }
                    }
                    case NEXT_RETRY -> {
                        if (sb != null && sb.due()) {
                            // raid1d loop, v6.1: md_check_recovery when sb_flags other than PENDING are set
                            return t.call(sb.checkRecovery());
                        }
                        if (!pendingBioList.isEmpty()) {
                            pc = FLUSH_PENDING_WRITES;
                            continue;
                        }
                        cur = retryList.pollFirst();
                        if (cur == null) {
                            pc = BITMAP_DAEMON;
                            continue;
                        }
                        d = 0;
                        pc = cur.sync ? SYNC_REQUEST_WRITE : HANDLE_READ_ERROR;
                    }
                    case SYNC_REQUEST_WRITE -> {
                        if (cur.readError) {
                            cur.remaining = 1;
                            syncWriteDone(cur);
                            pc = NEXT_RETRY;
                            continue;
                        }
                        if (d == 0) {
                            cur.remaining = 1;
                        }
                        while (d < mirrors.length && (d == cur.readDisk || mirrors[d].faulty)) {
                            d++;
                        }
                        if (d == mirrors.length) {
                            syncWriteDone(cur);
                            pc = NEXT_RETRY;
                            continue;
                        }
                        Mirror m = mirrors[d++];
                        Bio wb = layer.newBio();
                        wb.dev = m.dev;
                        wb.op = Op.WRITE;
                        wb.sector = cur.sector + m.dataOffset;
                        wb.sectors = cur.sectors;
                        wb.segments = BioOps.segmentsFor(cur.sectors);
                        wb.submitTime = kernel.sim.now();
                        wb.priv = cur;
                        wb.endIo = Raid1Conf.this::endSyncWrite;
                        cur.bios[m.index] = wb;
                        cur.remaining++;
                        m.resyncWrites++;
                        if (Gmr.submit(t, wb) == CALL) {
                            return CALL;
                        }
                    }
                    case HANDLE_READ_ERROR -> {
                        int disk = readBalance(cur.sector, cur.sectors);
                        pc = NEXT_RETRY;
                        if (disk < 0) {
                            cur.master.status = 10;
                            endR1Bio(cur);
                            continue;
                        }
                        readRetries++;
                        d = disk;
                        pc = RETRY_READ_ALLOCATED;
                        if (BioAlloc.alloc(t, bioSet, Gfp.NOIO, 0) == CALL) {
                            return CALL;
                        }
                    }
                    case RETRY_READ_ALLOCATED -> {
                        Bio rb = t.retBio;
                        issueRead(cur, d, rb);
                        pc = NEXT_RETRY;
                        if (Gmr.submit(t, rb) == CALL) {
                            return CALL;
                        }
                    }
                    case BITMAP_DAEMON -> {
                        if (plugged) {
                            layer.finishPlug(t); // raid1d, v6.1: blk_finish_plug
                            plugged = false;
                        }
                        if (bitmap != null && bitmap.daemonDue) {
                            bitmap.daemonWork(resync != null && resync.running());
                            if (bitmap.hasDirtyPages()) {
                                pc = DAEMON_UNPLUG_RETURNED;
                                return t.call(bitmap.unplug());
                            }
                        }
                        return RETURN;
                    }
                    case DAEMON_UNPLUG_RETURNED -> {
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "raid1d(" + name + ")";
        }
    }

    /** Per-leg I/O the array issued, by class (bitmap page writes go to the leg's metadata device). */
    public record LegStats(String dev, String state, long reads, long readSectors, long writes, long writeSectors,
                           long discards, long flushes, long resyncReads, long resyncWrites) {
    }

    /** Statistics of this array. */
    public record Raid1Stats(String array, long reads, long writes, long splits, long readRetries, long barrierWaits,
                             long resyncWindows, long resyncSectors, long flushes, long bitmapPageWrites,
                             long bitmapBitsSet, long bitmapBitsCleared, List<LegStats> legs) {
    }

    public Raid1Stats stats() {
        List<LegStats> legs = new ArrayList<>();
        for (Mirror m : mirrors) {
            legs.add(new LegStats(m.dev.name, m.faulty ? "Faulty" : m.inSync ? "In_sync" : "recovering", m.reads,
                    m.readSectors, m.writes, m.writeSectors, m.discards, m.flushes, m.resyncReads, m.resyncWrites));
        }
        return new Raid1Stats(name, reads, writes, splits, readRetries, barrier.waits(),
                resync == null ? 0 : resync.windows(), resync == null ? 0 : resync.doneSectors(), flush.flushes(),
                bitmap == null ? 0 : bitmap.pageWrites(), bitmap == null ? 0 : bitmap.bitsSet(),
                bitmap == null ? 0 : bitmap.bitsCleared(), legs);
    }

    /** The pools this array allocates from, for run summaries. */
    public List<Mempool> mempools() {
        return List.of(r1bioPool, r1bufPool, bioSet.bioPool, bioSplit.bioPool);
    }
}
