package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.EndIo;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.observe.RescueMechanism;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Mutex;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.List;

/**
 * {@code struct mapped_device} of bio-based DM (drivers/md/dm-core.h and dm.c; v4.11-rc for G1, v4.16 final
 * (00716545c894) for G2, ≈v5.15 for G3): the live table, the pools of the configured generation
 * ({@code io_pool} mempool + {@code bs}, or {@code io_bs} + {@code bs}, sizes
 * {@code max(reserved_bio_based_ios, max num_flush_bios)}), the "kdmflush" workqueue with its single
 * {@code dm_wq_work} item, {@code md->deferred}, NeilBrown's {@code md->rescued}, {@code table_devices_lock},
 * suspend state and {@code md->pending}.
 */
public final class MappedDevice extends BlockDevice {
    final DmCore core;
    final Knobs knobs;
    private DmTable table;
    Mempool ioPool;
    Bioset ioBs;
    Bioset bs;
    final Workqueue wq;
    final WorkItem work;
    final BioList deferred;
    final BioList rescued;
    final Mutex tableDevicesLock;
    final Bio flushBio;
    boolean blockIoForSuspend;
    boolean suspended;
    int mapping;
    int pending;
    final WaitQueue suspendWait;
    private long nextIoId = 1;
    /** Limits stacked from below, computed at first use after a table is bound. */
    private ZonedLimits zonedLimits;
    /** CPU time of mapping one clone and of the completion path, learnt from a trace (null: none). */
    private LayerCpu cpu;

    // statistics
    long offloadFirings;
    long biosOffloaded;
    long biosRescuedToMd;
    int rescuedHighWater;
    int deferredHighWater;
    private dev.dmreplay.replay.block.ServiceModel flushDataHop;
    private java.util.SplittableRandom flushHopRandom;

    MappedDevice(DmCore core, BlockLayer layer, String name, int devno, long capacity) {
        super(layer, name, devno, capacity);
        this.core = core;
        this.knobs = core.knobs;
        this.wq = new Workqueue(layer.kernel, "kdmflush/" + name, 0);
        this.work = new WorkItem("dm_wq_work(" + name + ")", () -> new DmWqWork(this));
        this.deferred = new BioList("md->deferred of " + name, work);
        this.rescued = new BioList("md->rescued of " + name, work);
        this.tableDevicesLock = new Mutex("md->table_devices_lock of " + name);
        this.flushBio = layer.newBio();
        flushBio.dev = this;
        flushBio.op = Op.WRITE;
        flushBio.flags = Bio.PREFLUSH | Bio.SYNC;
        this.suspendWait = new WaitQueue("md->wait of " + name, () -> List.of(this));
    }

    /** Binds the table and creates the pools ({@code __bind_mempools}, {@code dm_table_alloc_md_mempools}). */
    void bind(DmTable t, Integer poolOverride) {
        this.table = t;
        this.zonedLimits = null;
        // dm_alloc_md_mempools(): up to v4.15 (the io_pool era) a flat reserved_bio_based_ios for io_pool and bs;
        // from v4.16 at least the table's largest num_flush_bios (commit not re-read here: see replay/README.md)
        int poolSize = knobs.dmIoStorage() == dev.dmreplay.replay.strategy.Knobs.DmIoStorage.IO_POOL_MEMPOOL
                ? knobs.reservedBioBasedIos() : Math.max(knobs.reservedBioBasedIos(), t.maxNumFlushBios());
        if (poolOverride != null) {
            poolSize = poolOverride;
        }
        Workqueue rescuer = knobs.dmBiosetRescuer() ? new Workqueue(layer.kernel, "bioset/" + name, 0) : null;
        if (knobs.dmIoStorage() == Knobs.DmIoStorage.IO_POOL_MEMPOOL) {
            ioPool = new Mempool(layer.kernel, "md->io_pool of " + name, PoolKind.MEMPOOL, poolSize, 0);
        } else {
            ioBs = new Bioset(layer, "md->io_bs of " + name, poolSize, false, null);
        }
        bs = new Bioset(layer, "md->bs of " + name, poolSize, false, rescuer);
    }

    public DmTable table() {
        return table;
    }

    /** The zone size and max_sectors this device stacks from the devices below ({@link ZonedLimits}). */
    ZonedLimits zonedLimits() {
        if (zonedLimits == null) {
            zonedLimits = ZonedLimits.of(this);
        }
        return zonedLimits;
    }

    /** Zone size of this mapped device when it is zoned (all its targets on zoned devices of one zone size), else 0. */
    public long zoneSectors() {
        return zonedLimits().zoneSectors();
    }

    public Bioset bs() {
        return bs;
    }

    public Bioset ioBs() {
        return ioBs;
    }

    public Mempool ioPool() {
        return ioPool;
    }

    public BioList deferred() {
        return deferred;
    }

    public BioList rescued() {
        return rescued;
    }

    public boolean suspended() {
        return suspended;
    }

    /** Rescue statistics of this device. */
    public record DmStats(String device, long offloadFirings, long biosOffloaded, long biosRescuedToMd,
                          int rescuedHighWater, int deferredHighWater) {
    }

    public DmStats stats() {
        return new DmStats(name, offloadFirings, biosOffloaded, biosRescuedToMd, rescuedHighWater, deferredHighWater);
    }

    long nextIoId() {
        return nextIoId++;
    }

    /** {@code dm_make_request()}. */
    @Override
    public Step makeRequest(Task t, Bio bio) {
        return t.call(new DmMakeRequest(this, bio));
    }

    /** {@code queue_io()}: defer to kdmflush. */
    void queueIo(Bio bio) {
        deferred.add(bio);
        deferredHighWater = Math.max(deferredHighWater, deferred.size());
        wq.queue(work);
    }

    /** {@code clone_endio()} (completion context). */
    final EndIo cloneEndio = clone -> {
        TargetIo tio = (TargetIo) clone.owner;
        DmIo io = tio.io;
        int err = clone.status;
        DmEndio r = tio.ti.endIo(tio);
        if (r == DmEndio.INCOMPLETE) {
            return;
        }
        if (r == DmEndio.REQUEUE) {
            err = DmCore.STS_DM_REQUEUE;
        }
        io.unlink(tio);
        freeTio(tio);
        decPending(io, err);
    };

    /** {@code free_tio()}: the embedded tio is part of dm_io and is not freed here. */
    void freeTio(TargetIo tio) {
        if (!tio.insideDmIo) {
            BioOps.put(tio.clone);
        }
    }

    /** {@code free_io()}: back to io_pool, or the io_bs bio holding it. */
    void freeIo(DmIo io) {
        if (io.storage != null) {
            BioOps.put(io.storage);
        } else {
            ioPool.free(io);
        }
    }

    /**
     * {@code dec_pending()} (v4.16): drops one reference; the last one frees the dm_io and ends the original bio,
     * or defers the data phase of a {@code REQ_PREFLUSH} bio with payload to kdmflush.
     */
    /** The lower request whose bios this device ended last ({@link BlockLayer#requestEnding}), and when the last ends. */
    private long endioBurstRequest;
    private long endioBurstEnd;

    void decPending(DmIo io, int error) {
        if (error != 0) {
            io.status = error;
        }
        if (--io.ioCount > 0) {
            return;
        }
        if (io.status == DmCore.STS_DM_REQUEUE) {
            // no noflush suspend in progress: the kernel turns the requeue into an I/O error
            io.status = DmCore.STS_IOERR;
        }
        Bio bio = io.origBio;
        int status = io.status;
        boolean completionReplayed = io.completionReplayed;
        freeIo(io);
        pending--;
        if (pending == 0 && suspendWait.hasWaiters()) {
            suspendWait.wakeAll();
        }
        if (bio.has(Bio.PREFLUSH) && bio.sectors > 0) {
            bio.flags &= ~Bio.PREFLUSH;
            bio.at = null;
            long hop = flushDataHop == null ? 0 : flushDataHop.serviceNanos(bio, flushHopRandom);
            if (hop > 0) {
                // on md->deferred at once; the kdmflush worker runs when the traced kernel's did
                deferred.add(bio);
                deferredHighWater = Math.max(deferredHighWater, deferred.size());
                kernel().sim.after(hop, () -> wq.queue(work));
            } else {
                queueIo(bio);
            }
        } else {
            if (status != 0) {
                bio.status = status;
            }
            long endioNs = cpu == null || completionReplayed ? 0 : cpu.endioNanos(bio);
            long request = layer.requestEnding();
            if (!completionReplayed && cpu != null && cpu.serialisesEndio() && request != 0) {
                // the bios of one lower request end one after the other (blk_update_request)
                long now = kernel().sim.now();
                long at = request == endioBurstRequest ? endioBurstEnd + cpu.endioNextNanos(bio) : now + endioNs;
                endioBurstRequest = request;
                endioBurstEnd = at;
                endioNs = at - now;
            }
            if (endioNs > 0) {
                kernel().sim.after(endioNs, () -> BioOps.endio(bio));
            } else {
                BioOps.endio(bio);
            }
        }
    }

    /**
     * Charges the submitting task {@code cpu.mapNanos} per clone in {@code __map_bio} and delays the original
     * bio's {@code bio_endio} by {@code cpu.endioNanos} (trace replays; scenarios keep both at zero).
     */
    public void layerCpu(LayerCpu cpu) {
        this.cpu = cpu;
    }

    /**
     * Trace replays: the kdmflush worker runs a flushed bio's data that long after its empty flush completed
     * ({@code queue_io} → {@code dm_wq_work}, v6.1: the worker's wake-up, 50–430 us on the captured kernels), drawn
     * per bio from the trace's own delays; without it the worker runs at once.
     */
    public void flushDataHop(dev.dmreplay.replay.block.ServiceModel m, java.util.SplittableRandom random) {
        this.flushDataHop = m;
        this.flushHopRandom = random;
    }

    /** Modelled CPU time of mapping {@code clone} in task {@code t} (0 without a {@link LayerCpu}). */
    long mapCpuNanos(Bio clone, Task t) {
        return cpu == null ? 0 : cpu.mapNanos(clone, t);
    }

    /** The kernel whose typed {@code observe*} methods this device's code emits through. */
    Kernel kernel() {
        return layer.kernel;
    }

    /** {@code dm_wq_work()}: drains md->rescued (NEIL) then md->deferred. */
    static final class DmWqWork extends Frame {
        /** dm_wq_work(), NeilBrown's dm-4.16 branch (NEIL, unmerged): resubmit {@code md->rescued}, one by one. */
        private static final int DRAIN_RESCUED = 0;
        /** dm_wq_work(), v4.16: {@code while (!test_bit(DMF_BLOCK_IO_FOR_SUSPEND, ...))} pop {@code md->deferred}. */
        private static final int DRAIN_DEFERRED = 1;

        private final MappedDevice md;

        DmWqWork(MappedDevice md) {
            this.md = md;
        }

        @Override
        public Step step(Task t) {
            while (true) {
                if (pc == DRAIN_RESCUED) {
                    Bio b = md.rescued.pop();
                    if (b == null) {
                        pc = DRAIN_DEFERRED;
                        continue;
                    }
                    md.kernel().observeRescue(RescueMechanism.MD_RESCUED, t, md.name, "md->rescued of " + md.name, b);
                    if (dev.dmreplay.replay.block.Gmr.submit(t, b) == CALL) {
                        return CALL;
                    }
                    continue;
                }
                if (md.blockIoForSuspend) {
                    return RETURN;
                }
                Bio c = md.deferred.pop();
                if (c == null) {
                    return RETURN;
                }
                if (md.knobs.splitsHeadOrLater()) {
                    // ≈v5.15: submit_bio_noacct(c); this worker becomes the top-level caller
                    if (dev.dmreplay.replay.block.Gmr.submit(t, c) == CALL) {
                        return CALL;
                    }
                } else {
                    // ≤v4.16: __split_and_process_bio() directly, with current->bio_list == NULL
                    return t.call(SplitAndProcess.of(md, c));
                }
            }
        }

        @Override
        public String function() {
            return "dm_wq_work(" + md.name + ")";
        }
    }
}
