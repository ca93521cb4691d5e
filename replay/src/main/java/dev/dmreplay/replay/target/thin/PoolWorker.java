package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.kcopyd.Region;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code do_worker} (drivers/md/dm-thin.c v6.1), one run on the pool's ordered workqueue:
 * {@code process_prepared} mappings (insert the mapping, issue the bios held in the cell), then
 * {@code process_deferred_bios}: per thin device its deferred cells and bios ({@code process_cell},
 * {@code process_bio}, {@code process_discard_bio}), and finally the commit when bios wait for one or the
 * {@code COMMIT_PERIOD} has passed with changes, after which REQ_PREFLUSH bios complete (the commit flushed the
 * data device) and REQ_FUA bios go down. Lookups here may block: a btree leaf that is not in the cache is read
 * from the metadata device first. Provisioning: a write covering the whole block is issued at once with its
 * end_io hooked ({@code remap_and_issue_overwrite}); otherwise the new block is zeroed through kcopyd
 * ({@code ll_zero}) unless {@code skip_block_zeroing}, where {@code schedule_zero} inserts the mapping and issues
 * the bio in the same pass ({@code process_prepared_mapping} at once); a write to a shared block copies it first
 * ({@code schedule_internal_copy}, kcopyd). Reads of unprovisioned blocks complete without I/O.
 *
 * <p>A thin device with an external origin ({@link ExternalOrigin}): a read of an unprovisioned block goes to the
 * origin at the same sector, cut at the origin's end, or completes without I/O past it ({@code process_cell},
 * {@code remap_to_origin_and_issue}); a write to one copies the origin's part of the block into the new block
 * ({@code provision_block} → {@code schedule_external_copy} → {@code schedule_copy}, the tail zeroed when the
 * origin ends inside the block and the pool zeroes new blocks), unless the write covers the whole block
 * ({@code remap_and_issue_overwrite}); a block past the origin's end is provisioned as without an origin
 * ({@code schedule_zero}).
 */
final class PoolWorker extends Frame {
    /** {@code do_worker()}, v6.1: {@code process_prepared()}, then take (and sort) the deferred cells and bios. */
    private static final int TAKE_DEFERRED = 0;
    /** {@code process_deferred_bios()}, v6.1: the next deferred cell or bio; {@code process_bio} detains. */
    private static final int NEXT_DEFERRED = 1;
    /** {@code bio_detain()}, v6.1: the sleeping {@code dm_bio_prison_alloc_cell(GFP_NOIO)} returned. */
    private static final int CELL_ALLOCATED = 2;
    /** {@code process_cell()}, v6.1: {@code ensure_next_mapping()}, then {@code dm_thin_find_block()} (may read). */
    private static final int ENSURE_NEXT_MAPPING = 3;
    /** {@code process_cell()}, v6.1: the btree leaf is cached: look up and remap, provision or break sharing. */
    private static final int PROCESS_CELL = 4;
    /** {@code ll_zero()}/{@code ll_copy()}, v6.1: kcopyd accepted the job after sleeping for it. */
    private static final int KCOPYD_JOB_QUEUED = 5;
    /** {@code schedule_copy()}, v6.1: the copy's kcopyd job is queued; {@code ll_zero()} of the block's tail. */
    private static final int ZERO_TAIL = 6;
    /** {@code process_deferred_bios()}, v6.1: {@code commit()} if bios wait for one or the period passed. */
    private static final int COMMIT = 100;
    /** {@code process_deferred_bios()}, v6.1: {@code commit()} returned: flush bios complete, FUA bios go down. */
    private static final int COMMITTED = 101;
    /** {@code do_worker()}, v6.1: done (the {@code default} branch returns). */
    private static final int DONE = 102;
    /**
     * The longest a bio the worker remapped is held for the traced kernel's remap of it: longer than any wait of
     * a bio for the worker seen on the captured kernels (291 ms: an fsync's 4096 page writes into 256 new blocks,
     * which the worker remapped one by one at about 75 us of CPU time each), so a remap paired with the wrong Q
     * cannot hold a bio for long.
     */
    static final long MAX_ISSUE_WAIT_NS = 1_000_000_000;
    /** {@code CELL_SORT_ARRAY_SIZE} of dm-thin.c. */
    static final int CELL_SORT_ARRAY_SIZE = 8192;

    private final ThinPool pool;
    private final ArrayDeque<Bio> out = new ArrayDeque<>();
    /**
     * The remap records of bios in {@link #out}: made when the bio goes down ({@code dm_submit_bio_remap} traces the
     * kernel's {@code A} there), not when the worker remapped it, since a bio may be held for the traced kernel's
     * issue of it ({@link TracedIssue}).
     */
    private final java.util.Map<Bio, ThinPool.RemapNote> notes = new java.util.IdentityHashMap<>();
    private final ArrayDeque<Object> work = new ArrayDeque<>();
    private List<Bio> afterCommit;
    /** State of the item being processed across a sleep. */
    private PrisonCell cur;
    private NewMapping pendingZero;
    private long copyFrom = -1;
    private TailZero pendingTail;
    private boolean stopped;

    PoolWorker(ThinPool pool) {
        this.pool = pool;
    }

    @Override
    public Step step(Task t) {
        while (true) {
            // issue whatever the last action produced before doing anything else
            while (!out.isEmpty()) {
                Bio b = out.pollFirst();
                ThinPool.RemapNote note = notes.isEmpty() ? null : notes.remove(b);
                long due = pool.workerIssueAt(b);
                if (due > pool.kernel.sim.now() && due - pool.kernel.sim.now() <= MAX_ISSUE_WAIT_NS) {
                    pool.park(b, due, note); // goes down when the traced kernel's worker issued it
                    continue;
                }
                pool.forgetMapped(b);
                if (note != null) {
                    pool.noteRemap(t, note.tc(), b, note.detail());
                }
                if (Gmr.submit(t, b) == CALL) {
                    return CALL;
                }
            }
            switch (pc) {
                case TAKE_DEFERRED -> {
                    processPrepared(t);
                    if (pool.deferredWaitForLearntRun()) {
                        // woken for completed work while the deferred lists wait for the kernel's pass that
                        // took them (a learnt run still ahead): leave them to that run
                        pc = COMMIT;
                        continue;
                    }
                    long pass = earliestPass();
                    // the model may defer some of the earliest pass's cells later than the kernel queued them
                    // (its map path's CPU time): they wait for each other a little, as the kernel's pass took them
                    // together
                    boolean gathering = pass != WorkerRunSchedule.NO_PASS && !gathered(pass);
                    PrisonCell next = null;
                    for (ThinTarget tc : pool.thins) {
                        PrisonCell left = takeSortedCells(tc, gathering ? HOLD_TRACED : pass);
                        next = next == null || left != null && left.passKey < next.passKey ? left : next;
                        takeSortedBios(tc);
                    }
                    if (gathering) {
                        pool.wakeBy(pass + GATHER_NS); // or sooner, when a missing cell is deferred
                    } else if (next != null) {
                        // the kernel's thin_defer_cell for these came after the take: its wake_worker queued the
                        // next pass while this one ran
                        pool.wakeForDeferred(next.tc, next.holder, next.passKey);
                    }
                    pc = NEXT_DEFERRED;
                }
                case NEXT_DEFERRED -> {
                    if (stopped || work.isEmpty()) {
                        pc = COMMIT;
                        continue;
                    }
                    Object w = work.pollFirst();
                    if (w instanceof PrisonCell c) {
                        cur = c;
                    } else {
                        Bio b = (Bio) w;
                        ThinTarget tc = tc(b);
                        if (b.op == Op.DISCARD) {
                            pool.forgetMapped(b);
                            processDiscard(tc, b);
                            continue;
                        }
                        // process_bio: detain the virtual block (GFP_NOIO cell; the pool is far from empty here)
                        long vb = tc.vblock(b);
                        PrisonCell held = pool.detained(tc, vb);
                        if (held != null) {
                            held.inmates.add(b);
                            b.at = held;
                            continue;
                        }
                        if (pool.cellPool.tryAlloc(Gfp.NOIO, t.name) != Mempool.Attempt.GOT) {
                            pc = CELL_ALLOCATED;
                            cur = new PrisonCell(tc, vb);
                            cur.holder = b;
                            return t.call(pool.cellPool.allocFrame());
                        }
                        cur = new PrisonCell(tc, vb);
                        pool.imprison(cur, b, t);
                    }
                    pc = ENSURE_NEXT_MAPPING;
                }
                case CELL_ALLOCATED -> {
                    pool.imprison(cur, cur.holder, t);
                    pc = ENSURE_NEXT_MAPPING;
                }
                case ENSURE_NEXT_MAPPING -> {
                    // ensure_next_mapping: GFP_ATOMIC; when it fails the rest waits for the next run
                    if (pool.mappingPool.tryAlloc(Gfp.NOWAIT, t.name) != Mempool.Attempt.GOT) {
                        requeue(cur);
                        stopped = true;
                        pc = NEXT_DEFERRED;
                        continue;
                    }
                    pc = PROCESS_CELL;
                    ThinTarget tc = cur.tc;
                    if (!pool.meta.cached(tc.devId(), cur.vblock)) {
                        // dm_thin_find_block(can_issue_io = 1): read the btree leaf
                        pool.stats.metadataReads++;
                        pool.meta.cache(tc.devId(), cur.vblock);
                        long blk = 16 + (ThinMetadata.leafKey(tc.devId(), cur.vblock) & 0xffff);
                        return t.call(new SyncIo(pool, List.of(new SyncIo.Req(pool.metaDev, Op.READ,
                                blk * ThinMetadata.METADATA_BLOCK_SECTORS % Math.max(8, pool.metaDev.capacity - 8),
                                ThinMetadata.METADATA_BLOCK_SECTORS, 0)), "dm_bufio_read"));
                    }
                }
                case PROCESS_CELL -> {
                    Step s = processCell(t, cur);
                    if (s != null) {
                        return s;
                    }
                    pc = NEXT_DEFERRED;
                }
                case ZERO_TAIL -> {
                    Step s = zeroTail(t);
                    if (s != null) {
                        return s;
                    }
                    pendingZero = null;
                    pc = NEXT_DEFERRED;
                }
                case KCOPYD_JOB_QUEUED -> {
                    // after kcopyd accepted the zero/copy job
                    pendingZero = null;
                    pc = NEXT_DEFERRED;
                }
                case COMMIT -> {
                    processPrepared(t);
                    if (!out.isEmpty()) {
                        continue;
                    }
                    if (!pool.commitDue()) {
                        pool.armWaker();
                        return RETURN;
                    }
                    afterCommit = new ArrayList<>(pool.deferredFlush);
                    pool.deferredFlush.clear();
                    pc = COMMITTED;
                    return t.call(new CommitFrame(pool));
                }
                case COMMITTED -> {
                    pool.lastCommit = pool.kernel.sim.now();
                    for (Bio b : afterCommit) {
                        if (b.has(Bio.PREFLUSH)) {
                            pool.forgetMapped(b);
                            b.at = null;
                            BioOps.endio(b); // the data device was flushed as part of the commit
                        } else {
                            // dm_submit_bio_remap: the kernel's remap record of a FUA write is made here, after
                            // the commit it waited for (an O_SYNC first write to a block)
                            pool.stats.workerRemaps++;
                            notes.put(b, new ThinPool.RemapNote(tc(b), "thin worker, after the commit"));
                            out.add(b);
                        }
                    }
                    afterCommit = null;
                    pc = DONE;
                }
                default -> {
                    return RETURN;
                }
            }
        }
    }

    /**
     * {@code process_thin_deferred_cells}: the cells are taken in batches of {@value #CELL_SORT_ARRAY_SIZE}
     * ({@code sort_cells}) and each batch sorted by its holder's sector ({@code cmp_cells}). The order matters to
     * the I/O: new data blocks are allocated in the order the worker provisions them, so concurrent first writes
     * land on the data device in sector order of the thin device, whatever order they were queued in. Cells of a
     * later traced pass than {@code pass} stay deferred; the earliest of them is returned (null if none).
     */
    private PrisonCell takeSortedCells(ThinTarget tc, long pass) {
        ArrayDeque<PrisonCell> taken = new ArrayDeque<>();
        ArrayDeque<PrisonCell> left = new ArrayDeque<>();
        for (PrisonCell c : tc.deferredCells) {
            (laterPass(c, pass) ? left : taken).add(c);
        }
        tc.deferredCells.clear();
        tc.deferredCells.addAll(left);
        pool.stats.cellsLeftForNextPass += left.size();
        while (!taken.isEmpty()) {
            List<PrisonCell> batch = new ArrayList<>();
            while (batch.size() < CELL_SORT_ARRAY_SIZE && !taken.isEmpty()) {
                batch.add(taken.pollFirst());
            }
            batch.sort(Comparator.comparingLong(c -> c.holder.sector));
            work.addAll(batch);
        }
        PrisonCell first = null;
        for (PrisonCell c : left) {
            first = first == null || c.passKey < first.passKey ? c : first;
        }
        return first;
    }

    /**
     * The take point of the earliest traced worker pass among the pool's deferred cells, {@link
     * WorkerRunSchedule#NO_PASS} when none has one. A replayed run stands for that pass: it takes its cells and
     * those the trace does not place, and leaves cells of later passes for the next run ({@link
     * WorkerRunSchedule#passKey}), so the new blocks go out in the kernel's order even when the learnt run time
     * (the pass's first record) comes after bios the kernel queued too late for that pass.
     */
    /** A {@code pass} for {@link #takeSortedCells} that leaves every cell the trace places in a pass. */
    private static final long HOLD_TRACED = Long.MIN_VALUE + 1;
    /**
     * How long past its take point a pass waits for its cells the model has not deferred yet. The model defers a
     * cell later than the kernel queued its bio by its map path's CPU time and, in a trace replay, by the
     * application's in-flight bound when the model completed an earlier bio later than the kernel: on
     * real-thin-snap that held a write of a pass back by 1.3 ms, and a 1 ms wait left it to the next pass, where it
     * got another block and gave its own to a neighbour (when measured: five writes off with 1 ms, all 1405 with
     * 2 ms, and real-crypt-thin 2698 -> 2704 of 2718; 4 ms changed nothing more). Longer holds still happen when
     * one late completion delays a chain of writes (docs/FIDELITY.md).
     */
    static final long GATHER_NS = 2_000_000;

    /**
     * Whether every cell of the pass with take point {@code pass} is deferred now, or its gathering time is up (a
     * cell the model maps without deferring it never comes).
     */
    private boolean gathered(long pass) {
        if (pool.kernel.sim.now() >= pass + GATHER_NS) {
            return true;
        }
        int present = 0;
        for (ThinTarget tc : pool.thins) {
            for (PrisonCell c : tc.deferredCells) {
                present += c.passKey == pass ? 1 : 0;
            }
        }
        return present >= pool.passSize(pass);
    }

    private long earliestPass() {
        long min = WorkerRunSchedule.NO_PASS;
        for (ThinTarget tc : pool.thins) {
            for (PrisonCell c : tc.deferredCells) {
                if (c.passKey != WorkerRunSchedule.NO_PASS && (min == WorkerRunSchedule.NO_PASS || c.passKey < min)) {
                    min = c.passKey;
                }
            }
        }
        return min;
    }

    /**
     * Whether a run now leaves {@code c} for a later one: it belongs to a later traced pass than the earliest
     * pending one, or to a pass whose take point is still ahead (the kernel's worker ran for other work, such as
     * a prepared mapping, before the bios of that pass were all queued).
     */
    private boolean laterPass(PrisonCell c, long pass) {
        if (c.passKey == WorkerRunSchedule.NO_PASS) {
            return false;
        }
        return c.passKey > pass || c.passKey > pool.kernel.sim.now();
    }

    /**
     * {@code __sort_thin_deferred_bios}: the deferred bios go through an rb-tree keyed by sector before the
     * worker processes them; equal sectors keep their queue order (an equal key is inserted to the right).
     */
    private void takeSortedBios(ThinTarget tc) {
        List<Bio> bios = new ArrayList<>(tc.deferredBios);
        tc.deferredBios.clear();
        bios.sort(Comparator.comparingLong(b -> b.sector)); // List.sort is stable
        work.addAll(bios);
    }

    private static ThinTarget tc(Bio b) {
        return (ThinTarget) ((TargetIo) b.owner).ti;
    }

    private void requeue(PrisonCell c) {
        pool.mappingPoolShortages++;
        c.tc.deferredCells.addFirst(c);
        while (!work.isEmpty()) {
            Object w = work.pollLast();
            if (w instanceof PrisonCell pc2) {
                pc2.tc.deferredCells.addFirst(pc2);
            } else {
                Bio b = (Bio) w;
                tc(b).deferredBios.addFirst(b);
            }
        }
    }

    /**
     * {@code issue()}: bios that need a commit wait for it, the rest go down from the worker. A bio remapped onto a
     * block already mapped, or onto a block whose zeroing or copy the worker has just seen complete
     * ({@code process_prepared_mapping} → {@code inc_remap_and_issue_cell}), may be held for the traced kernel's
     * remap of it ({@code traced}, {@link TracedIssue}): on the captured kernels the worker reached a prepared
     * mapping up to 17 ms after its copy completed, and the copy itself now runs on the kernel's time
     * ({@code KcopydStarts}). An empty bio remapped without provisioning is never held.
     */
    private void issue(ThinTarget tc, Bio b, long dataBlock, Task t, boolean traced) {
        if (!traced) {
            pool.forgetMapped(b);
        }
        pool.remap(tc, b, dataBlock);
        issueRemapped(tc, b, "thin worker");
    }

    /**
     * {@code issue()}, v6.1, of a bio the worker remapped: after the model's commit if it triggers one
     * ({@code bio_triggers_commit}), else down from the worker with its remap record.
     */
    private boolean issueRemapped(ThinTarget tc, Bio b, String detail) {
        b.at = null;
        if (pool.triggersCommit(tc, b)) {
            pool.forgetMapped(b); // goes down after the model's commit
            pool.deferredFlush.add(b);
            return false;
        }
        pool.stats.workerRemaps++;
        notes.put(b, new ThinPool.RemapNote(tc, detail));
        out.add(b);
        return true;
    }

    /** {@code inc_remap_and_issue_cell}: every inmate to the (new) data block, then the cell is gone. */
    private void issueCell(PrisonCell c, long dataBlock, boolean withHolder, Task t, boolean traced) {
        if (withHolder) {
            issue(c.tc, c.holder, dataBlock, t, traced);
        }
        for (Bio b : c.inmates) {
            issue(c.tc, b, dataBlock, t, traced);
        }
        c.inmates.clear();
        pool.release(c);
    }

    /** Returns a Step when the worker must call or sleep, null when the cell was handled. */
    private Step processCell(Task t, PrisonCell c) {
        ThinTarget tc = c.tc;
        Bio bio = c.holder;
        ThinMetadata.Lookup l = pool.meta.lookup(tc.devId(), c.vblock);
        if (l != null && !l.shared()) {
            pool.mappingPool.free(spareMapping(t, c));
            issueCell(c, l.dataBlock(), true, t, true);
            return null;
        }
        if (l != null && (!pool.isWrite(bio) || bio.sectors == 0)) {
            // reads of a shared block are remapped (process_shared_bio)
            pool.mappingPool.free(spareMapping(t, c));
            issueCell(c, l.dataBlock(), true, t, true);
            return null;
        }
        if (l == null && bio.sectors == 0) {
            // provision_block: empty bios (flushes) are remapped without provisioning
            pool.mappingPool.free(spareMapping(t, c));
            issueCell(c, 0, true, t, false);
            return null;
        }
        if (l == null && !pool.isWrite(bio) && tc.origin() != null) {
            // process_cell, -ENODATA: inc_all_io_entry, cell_defer_no_holder (the cell's other bios go back to the
            // worker), then the read goes to the origin as far as the origin reaches
            pool.mappingPool.free(spareMapping(t, c));
            pool.releaseNoHolder(c);
            long n = tc.origin().readSectors(bio.sector, bio.sectors);
            if (n == 0) {
                zeroFill(bio);
            } else {
                shorten(bio, n);
                issueToOrigin(tc, bio);
            }
            return null;
        }
        if (l == null && !pool.isWrite(bio)) {
            // provision_block: an unprovisioned block reads as zeroes, no I/O
            pool.mappingPool.free(spareMapping(t, c));
            zeroFill(bio);
            pool.releaseNoHolder(c);
            return null;
        }
        if (pool.readOnly) {
            pool.mappingPool.free(spareMapping(t, c));
            errorCell(c);
            return null;
        }
        long data = pool.meta.allocDataBlock();
        if (data < 0) {
            pool.mappingPool.free(spareMapping(t, c));
            pool.outOfDataSpace = true;
            pool.stats.outOfSpaceBios += 1 + c.inmates.size();
            if (pool.errorIfNoSpace) {
                errorCell(c);
            } else {
                // retry_bios_on_resume: held until a resume that the replay never does
                bio.at = c;
                pool.outOfSpace.add(bio);
                pool.outOfSpace.addAll(c.inmates);
            }
            return null;
        }
        pool.stats.blocksProvisioned++;
        NewMapping m = spareMapping(t, c, data);
        long bs = pool.blockSectors;
        boolean overwrite = bio.sectors == bs && tc.offset(bio.sector) % bs == 0;
        // schedule_external_copy: the part of the block the origin has is copied from it (0: schedule_zero)
        long fromOrigin = l == null && tc.origin() != null ? tc.origin().copySectors(c.vblock, bs) : 0;
        if (l != null) {
            // break_sharing: copy the shared block first unless the bio overwrites all of it
            copyFrom = l.dataBlock();
        } else {
            copyFrom = -1;
        }
        // schedule_copy (break_sharing, external copy) takes io_overwrites_block whatever the zeroing flag
        if (overwrite && (l != null || fromOrigin > 0 || pool.zeroNewBlocks)) {
            pool.stats.overwrites++;
            m.overwrite = bio;
            m.savedEndIo = bio.endIo;
            bio.endIo = done -> {
                m.status = done.status;
                pool.prepared.add(m);
                pool.wakeWorker();
            };
            // held, like any bio the worker remaps, until the traced kernel's worker issued it: on the captured
            // kernel it got to a pass's overwrites one by one, 50-350 us apart (remap_and_issue_overwrite)
            pool.remap(tc, bio, data);
            pool.stats.workerRemaps++;
            notes.put(bio, new ThinPool.RemapNote(tc, "thin worker overwrite"));
            c.waitingFor = bio;
            out.add(bio);
            return null;
        }
        if (l == null && fromOrigin == 0 && !pool.zeroNewBlocks) {
            // schedule_zero without zeroing calls process_prepared_mapping itself: the mapping is inserted and the
            // cell's bios go down in this pass, in allocation order, not at the next run's process_prepared
            processPreparedMapping(t, m);
            return null;
        }
        Region dest = new Region(tc.poolDev(), pool.dataSector(data), bs); // ll_zero/ll_copy: tc->pool_dev
        pendingZero = m;
        c.waitingFor = pool.copier.work();
        pc = KCOPYD_JOB_QUEUED;
        if (fromOrigin > 0) {
            return externalCopy(t, tc, c, m, fromOrigin);
        }
        if (copyFrom >= 0) {
            pool.stats.copies++;
            Region src = new Region(tc.poolDev(), pool.dataSector(copyFrom), bs);
            return callOrContinue(pool.copier.copy(t, src, List.of(dest), (w, re, we) -> prepared(m, re || we != 0)));
        }
        pool.stats.zeroWrites++;
        return callOrContinue(pool.copier.zero(t, List.of(dest), (w, re, we) -> prepared(m, re || we != 0)));
    }

    /**
     * {@code schedule_copy} from the external origin, not overwriting the block: kcopyd copies {@code len} sectors
     * from the origin at the virtual block's own sectors ({@code data_origin = virt_block}) to the new data block
     * on the pool device, and when that is less than a block and the pool zeroes new blocks, {@code ll_zero} zeroes
     * the rest of the data block; the mapping is prepared when both are done (the {@code prepare_actions} count).
     */
    private Step externalCopy(Task t, ThinTarget tc, PrisonCell c, NewMapping m, long len) {
        long bs = pool.blockSectors;
        long dataStart = pool.dataSector(m.dataBlock);
        boolean zeroTail = len < bs && pool.zeroNewBlocks;
        PrepareActions actions = new PrepareActions(zeroTail ? 2 : 1, failed -> prepared(m, failed));
        pool.stats.externalCopies++;
        Region src = new Region(tc.origin().dev(), c.vblock * bs, len);
        Step s = pool.copier.copy(t, src, List.of(new Region(tc.poolDev(), dataStart, len)), actions::done);
        if (zeroTail) {
            pool.stats.zeroWrites++;
            pendingTail = new TailZero(new Region(tc.poolDev(), dataStart + len, bs - len), actions);
            if (s == CALL) {
                pc = ZERO_TAIL; // the copy's job is queued once kcopyd's job allocation returns
                return CALL;
            }
            return zeroTail(t);
        }
        return callOrContinue(s);
    }

    /** {@code ll_zero} of the tail of a partly copied block, after the copy's job was queued. */
    private Step zeroTail(Task t) {
        TailZero z = pendingTail;
        pendingTail = null;
        pc = KCOPYD_JOB_QUEUED;
        return callOrContinue(pool.copier.zero(t, List.of(z.region()), z.actions()::done));
    }

    /** A tail zeroing waiting to be queued behind its copy. */
    private record TailZero(Region region, PrepareActions actions) {
    }

    /**
     * {@code process_cell} → {@code remap_to_origin_and_issue}: {@code remap_to_origin} changes only the device, the
     * sector stays the thin device's; {@code issue} sends it down from the worker unless it needs a commit first.
     * Like every bio the worker remaps it may be held for the traced kernel's remap of it ({@link TracedIssue}).
     */
    private void issueToOrigin(ThinTarget tc, Bio b) {
        b.dev = tc.origin().dev();
        if (issueRemapped(tc, b, "thin worker, external origin")) {
            pool.stats.originReads++;
        }
    }

    /**
     * A read across the origin's end is cut to end there ({@code bio->bi_iter.bi_size}): the lower bio is the
     * shorter one, with no more segments than its pages.
     */
    private static void shorten(Bio b, long sectors) {
        if (sectors < b.sectors) {
            b.sectors = (int) sectors;
            b.segments = Math.min(b.segments, BioOps.segmentsFor(b.sectors));
        }
    }

    /**
     * {@code zero_fill_bio} and {@code bio_endio}: a read of an unprovisioned block with nothing behind it (no
     * origin, or past the origin's end) completes without I/O.
     */
    private void zeroFill(Bio bio) {
        pool.stats.unprovisionedReads++;
        long due = pool.workerIssueAt(bio);
        pool.forgetMapped(bio);
        bio.at = null;
        long now = pool.kernel.sim.now();
        if (due != WorkerRunSchedule.NO_PASS && bio.owner instanceof dev.dmreplay.replay.dm.TargetIo tio) {
            // the trace's C of this read is its completion, DM's completion path included: the thin device's
            // learnt completion time (its writes', from the lower C to theirs) is not added again
            tio.io.completionReplayed = true;
        }
        if (due > now && due - now <= MAX_ISSUE_WAIT_NS) {
            // the traced kernel's worker got to this read later (its C, with no remap): it ends then
            pool.kernel.sim.at(due, () -> BioOps.endio(bio));
        } else {
            BioOps.endio(bio);
        }
    }

    private Step callOrContinue(Step s) {
        return s == CALL ? CALL : null;
    }

    /** {@code copy_complete}: the mapping is prepared (an I/O error fails its bios). */
    private Frame prepared(NewMapping m, boolean failed) {
        if (failed) {
            m.status = 10;
        }
        pool.prepared.add(m);
        pool.wakeWorker();
        return null;
    }

    private NewMapping spareMapping(Task t, PrisonCell c) {
        return spareMapping(t, c, -1);
    }

    /** The element ensure_next_mapping took, now given an identity. */
    private NewMapping spareMapping(Task t, PrisonCell c, long data) {
        NewMapping m = new NewMapping(c, data);
        pool.mappingPool.attach(m, t.name, c.holder.id);
        return m;
    }

    private void errorCell(PrisonCell c) {
        pool.error(c.holder);
        for (Bio b : c.inmates) {
            pool.error(b);
        }
        c.inmates.clear();
        pool.release(c);
    }

    /** {@code process_prepared}: each prepared mapping in the order its zeroing or copy completed. */
    private void processPrepared(Task t) {
        NewMapping m;
        while ((m = pool.prepared.pollFirst()) != null) {
            processPreparedMapping(t, m);
        }
        pool.armWaker();
    }

    /** {@code process_prepared_mapping}: insert the mapping; issue what waited. */
    private void processPreparedMapping(Task t, NewMapping m) {
        PrisonCell c = m.cell;
        pool.mappingPool.free(m);
        if (m.status != 0) {
            errorCell(c);
            return;
        }
        pool.meta.insert(c.tc.devId(), c.vblock, m.dataBlock);
        if (m.overwrite != null) {
            issueCell(c, m.dataBlock, false, t, true);
            Bio b = m.overwrite;
            b.endIo = m.savedEndIo;
            b.at = null;
            BioOps.endio(b);
        } else {
            issueCell(c, m.dataBlock, true, t, true);
        }
    }

    /**
     * {@code process_discard_bio}: the whole blocks the discard covers are unmapped; with passdown, the runs of
     * data blocks behind them that no other device still references are discarded on the data device (the thin
     * bio completes after those discards); the data blocks are freed by the next commit.
     */
    private void processDiscard(ThinTarget tc, Bio bio) {
        long bs = pool.blockSectors;
        long off = tc.offset(bio.sector);
        long begin = (off + bs - 1) / bs;
        long end = (off + bio.sectors) / bs;
        List<long[]> runs = new ArrayList<>();
        List<Long> freed = new ArrayList<>();
        for (long vb = begin; vb < end; vb++) {
            ThinMetadata.Lookup l = pool.meta.lookup(tc.devId(), vb);
            if (l == null) {
                continue;
            }
            pool.meta.remove(tc.devId(), vb);
            freed.add(l.dataBlock());
            // process_prepared_discard_passdown_pt1: a range the lookup calls shared (by time) is checked again
            // block by block against the space map (passdown_double_checking_shared_status); the model's remove
            // keeps the reference until the passdown ends, as the kernel's remove plus dm_pool_inc_data_range do
            if (pool.discardPassdown && !(l.shared() && pool.meta.blockIsShared(l.dataBlock()))) {
                long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && last[0] + last[1] == l.dataBlock()) {
                    last[1]++;
                } else {
                    runs.add(new long[] {l.dataBlock(), 1});
                }
            }
        }
        if (runs.isEmpty()) {
            for (long d : freed) {
                pool.meta.decData(d);
            }
            if (!freed.isEmpty()) {
                pool.stats.discardsNotPassedDown++;
            }
            bio.at = null;
            BioOps.endio(bio);
            return;
        }
        int[] left = {runs.size()};
        for (long[] r : runs) {
            Bio d = pool.dataDev.layer.newBio();
            d.dev = tc.poolDev(); // issue_discard: __blkdev_issue_discard(tc->pool_dev->bdev, ...)
            d.op = Op.DISCARD;
            d.sector = pool.dataSector(r[0]);
            d.sectors = (int) (r[1] * bs);
            d.segments = 1;
            d.submitTime = pool.kernel.sim.now();
            d.endIo = done -> {
                if (--left[0] == 0) {
                    // process_prepared_discard_passdown_pt2: dm_pool_dec_data_range, then the thin bio ends
                    for (long f : freed) {
                        pool.meta.decData(f);
                    }
                    pool.armWaker();
                    bio.at = null;
                    BioOps.endio(bio);
                }
            };
            pool.stats.discardsPassedDown++;
            out.add(d);
        }
        bio.at = null;
    }

    @Override
    public String function() {
        return "do_worker";
    }
}
