package dev.dmreplay.replay.block;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A blk-mq disk at the bottom of the stack. Its {@code make_request_fn} ({@code blk_mq_make_request}, v4.16)
 * splits bios above {@code max_sectors} with {@code blk_queue_split()} (head from {@code q->bio_split},
 * {@code bio_chain}, remainder resubmitted), then dispatches: up to the service model's queue depth in
 * flight, the rest waiting in the device queue (tag waits are not modelled as task sleeps). Completion runs
 * {@code bio_endio} in completion context after the service time. When the block layer plugs (trace replays),
 * bios of a plugging task collect as {@link Request}s on its {@link Plug} and merge there (v6.1
 * {@code blk_mq_submit_bio}); a merged request is dispatched and serviced as one command. A zoned leaf (host-managed,
 * {@link ZoneWritePlugs}) also splits at zone ends, checks each write against its zone's write pointer and, with
 * zone write plugging (v6.10+, {@code blk_zone_plug_bio}), keeps one write per zone in flight.
 */
public final class LeafDevice extends BlockDevice {
    private final ServiceModel model;
    private final SplittableRandom random;
    private final int maxSectors;
    /** Requests waiting for a tag. */
    private final ArrayDeque<Request> queued = new ArrayDeque<>();
    /** {@code BLK_DEF_MAX_SECTORS} (1280 KiB) unless the leaf splits at a smaller max_sectors. */
    static final int DEFAULT_MAX_SECTORS = 2560;
    /** max_segments of virtio-blk (seg_max 254); most SCSI disks have 128 or more. */
    static final int DEFAULT_MAX_SEGMENTS = 254;
    private long merged;
    /** Queue-to-dispatch time of a request (null: dispatch at once), see {@link #queueToDispatch}. */
    private ServiceModel q2d;
    private int inFlight;
    private long dispatched;
    private long completed;
    private long busyUntil;
    /** Zone size in sectors of a host-managed zoned disk (0: not zoned). */
    private final long zoneSectors;
    /** The zones' write pointers and plugs (null: not zoned). */
    private final ZoneWritePlugs zones;
    /** Writes issued through an idle zone's plug: their completion lets the zone's next held write go. */
    private final java.util.Set<Bio> plugOwners = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The queue has a volatile write cache and no FUA: see {@link #emulateFua}. */
    private boolean noFua;

    public LeafDevice(BlockLayer layer, String name, int devno, long capacity, ServiceModel model, int maxSectors) {
        this(layer, name, devno, capacity, model, maxSectors, 0);
    }

    /**
     * A leaf; with {@code zoneSectors > 0} a host-managed zoned disk without native zone append (every zone
     * sequential-write-required, all empty at the start).
     */
    public LeafDevice(BlockLayer layer, String name, int devno, long capacity, ServiceModel model, int maxSectors,
                      long zoneSectors) {
        super(layer, name, devno, capacity);
        this.model = model;
        this.maxSectors = maxSectors;
        this.zoneSectors = zoneSectors;
        this.zones = zoneSectors > 0 ? new ZoneWritePlugs(zoneSectors) : null;
        this.random = layer.kernel.sim.random("leaf:" + name);
    }

    public long zoneSectors() {
        return zoneSectors;
    }

    /** The queue's {@code max_sectors} as a stacking driver sees it ({@code queue_max_sectors}). */
    public int queueMaxSectors() {
        return maxRequestSectors();
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    public ServiceModel model() {
        return model;
    }

    public long completedBios() {
        return completed;
    }

    public int inFlight() {
        return inFlight + queued.size();
    }

    @Override
    public Step makeRequest(Task t, Bio bio) {
        int limit = splitLimit(bio);
        if (limit > 0 && bio.sectors > limit && !bio.op.abnormal()) {
            return t.call(new QueueSplit(bio, limit));
        }
        dispatch(t, bio);
        return Step.RETURN;
    }

    /**
     * Where {@code blk_queue_split()} / {@code bio_split_to_limits()} cuts {@code bio} (0: nowhere): at
     * {@code max_sectors}, and on a zoned disk also at the zone's end, since the zone size is the queue's
     * {@code chunk_sectors} and a request never crosses a chunk boundary ({@code blk_max_size_offset}).
     */
    private int splitLimit(Bio bio) {
        long limit = maxSectors > 0 ? maxSectors : 0;
        if (zones != null && bio.sectors > 0) {
            long toEnd = zones.sectorsToZoneEnd(bio.sector);
            limit = limit == 0 ? toEnd : Math.min(limit, toEnd);
        }
        return (int) Math.min(limit, Integer.MAX_VALUE);
    }

    /** {@code blk_queue_split()} for a bio above {@code max_sectors} (or crossing a zone boundary). */
    private final class QueueSplit extends Frame {
        /** blk_queue_split() → blk_bio_segment_split(), v4.16: {@code bio_split(bio, sectors, GFP_NOIO, bs)}. */
        private static final int SPLIT = 0;
        /** blk_queue_split(), v4.16: {@code bio_chain(split, *bio)}, {@code generic_make_request(*bio)}; head on. */
        private static final int SPLIT_RETURNED = 1;

        private final Bio bio;
        private final int limit;

        QueueSplit(Bio bio, int limit) {
            this.bio = bio;
            this.limit = limit;
        }

        @Override
        public Step step(Task t) {
            if (pc == SPLIT) {
                pc = SPLIT_RETURNED;
                return BioOps.split(t, bio, limit, Gfp.NOIO, bioSplit);
            }
            Bio head = t.retBio;
            BioOps.chain(head, bio);
            Gmr.submitSplitRemainder(t, bio);
            dispatch(t, head);
            return RETURN;
        }

        @Override
        public String function() {
            return "blk_queue_split";
        }
    }

    /** Largest request a merge may build ({@code blk_rq_get_max_sectors}). */
    int maxRequestSectors() {
        return maxSectors > 0 ? maxSectors : DEFAULT_MAX_SECTORS;
    }

    int maxSegments() {
        return DEFAULT_MAX_SEGMENTS;
    }

    /** Bios merged into a plugged request. */
    public long mergedBios() {
        return merged;
    }

    /**
     * {@code blk_mq_submit_bio()} after splitting (block/blk-mq.c v6.1): try the task's plug, else a new request:
     * onto the plug if the task holds one, issued otherwise. Not modelled: {@code blk_mq_sched_bio_merge} into
     * requests inserted in the software queue because the hardware queue was busy; the model's queue depth is the
     * trace's observed in-flight maximum, not the device's tag count, so bios waiting here would merge where the
     * kernel had already handed them to the device (real 4-way striped traces show no such merges).
     */
    private void dispatch(Task t, Bio bio) {
        if (layer.order.issued(name, t == null ? null : t.name, bio, zoneSectors)) {
            layer.kernel.observeOutOfOrder(t, name, bio);
        }
        if (zones != null && bio.op == Op.WRITE && bio.sectors > 0) {
            if (layer.zoneWritePlugging()) {
                if (zones.hold(bio)) {
                    layer.kernel.observeZonePlugged(t, name, bio);
                    return;
                }
                if (!prepareOrFail(t, bio)) {
                    return;
                }
                zones.plug(bio);
                plugOwners.add(bio);
            } else if (!prepareOrFail(t, bio)) {
                return;
            }
        }
        toRequest(t, bio);
    }

    /**
     * The zone's write-pointer check; a write that is not at the pointer fails with an I/O error (the host's
     * {@code bio_io_error} with plugging, the disk's "unaligned write" before it) and is counted.
     */
    private boolean prepareOrFail(Task t, Bio bio) {
        if (zones.prepare(bio)) {
            return true;
        }
        layer.order.unalignedWrite();
        layer.kernel.observeUnalignedWrite(t, name, bio);
        BioOps.ioError(bio);
        return false;
    }

    /**
     * The write that owned zone {@code zone}'s plug completed or failed: the zone's work
     * ({@code blk_zone_wplug_bio_work} on the disk's {@code zone_wplugs_wq}) issues the next held write, failing
     * those not at the write pointer on the way, or the zone is unplugged. The work runs after the completion, in
     * no submitter's context; it allocates nothing in the model (request allocation is not modelled).
     */
    private void unplugged(long zone) {
        layer.kernel.sim.after(0, () -> {
            Bio next;
            while ((next = zones.next(zone)) != null) {
                if (prepareOrFail(null, next)) {
                    plugOwners.add(next);
                    toRequest(null, next);
                    return;
                }
            }
        });
    }

    /** A checked bio becomes a request: merged into the task's plug, plugged, or issued. */
    private void toRequest(Task t, Bio bio) {
        bio.at = this;
        Plug plug = layer.plugOf(t);
        if (plug != null && plug.attemptMerge(this, bio)) {
            merged++;
            return;
        }
        Request rq = new Request(this, bio);
        if (plug != null) {
            plug.add(t, rq);
        } else {
            issue(rq);
        }
    }

    /**
     * Time from a bio's queueing to its request's dispatch, drawn per request by op and size: the submitting
     * CPU's work in blk-mq and the driver ({@code blk_mq_submit_bio} → {@code blk_mq_get_new_requests} →
     * {@code virtio_queue_rq}) and kblockd's delay after an unplug from {@code schedule}. Trace replays learn it
     * from the trace's own Q→D gaps per device; departure: it delays the request, not the submitting task.
     */
    public void queueToDispatch(ServiceModel m) {
        this.q2d = m;
    }

    /**
     * The queue has a volatile write cache but no FUA (virtio-blk without {@code VIRTIO_BLK_F_FUA}, as qemu's
     * disks): {@code blk_insert_flush()} (block/blk-flush.c v6.1) runs a data write with PREFLUSH and/or FUA as the
     * sequence preflush, data, postflush ({@code REQ_FSEQ_PREFLUSH | REQ_FSEQ_DATA | REQ_FSEQ_POSTFLUSH}, the
     * postflush replacing the FUA the device cannot do), each a command of its own. The model dispatches the
     * sequence on one tag, the commands one after another, each observed as a DISPATCH. Trace replays turn it on
     * for a leaf whose trace shows FUA writes queued and none dispatched.
     */
    public void emulateFua(boolean on) {
        this.noFua = on;
    }

    /** A request leaves the plug (or was never plugged): after its queue-to-dispatch time, a tag or the queue. */
    void issue(Request rq) {
        if (q2d != null) {
            Bio command = command(rq);
            long own = q2d.ownNanos(command);
            rq.preflushInQ2d = own != RecordedTimes.ABSENT;
            long d = rq.preflushInQ2d ? own : q2d.drawNanos(command, random); // no second lookup of its own
            if (d > 0) {
                layer.kernel.sim.after(d, () -> issueNow(rq));
                return;
            }
        }
        issueNow(rq);
    }

    private void issueNow(Request rq) {
        if (inFlight < model.queueDepth()) {
            start(rq);
        } else {
            queued.addLast(rq);
        }
    }

    private void start(Request rq) {
        inFlight++;
        dispatched++;
        long now = layer.kernel.sim.now();
        Bio head = rq.head();
        if (rq.bios.size() == 1) {
            layer.kernel.observeLeafDispatch(name, head);
        } else {
            layer.kernel.observeLeafDispatch(name, head, rq.sector, rq.sectors);
        }
        Bio command = command(rq);
        long svc = model.serviceNanos(command, random);
        if (noFua && rq.sectors == 0 && (rq.flags & Bio.PREFLUSH) != 0 && (rq.flags & Bio.FUA) != 0) {
            // blk_flush_policy (v6.1): an empty PREFLUSH|FUA request on a queue without FUA is a preflush and a
            // postflush, two commands (blktrace: D FN, C FN, D FN, C FN, then the request's C)
            dispatched++;
            layer.kernel.observeLeafDispatch(name, head, rq.sector, 0);
            svc += model.serviceNanos(command, random);
        }
        if (noFua && rq.sectors > 0 && (rq.flags & (Bio.PREFLUSH | Bio.FUA)) != 0) {
            // blk-flush's sequence: the flushes around the data write are commands of their own
            Bio flush = new Bio(0);
            flush.op = Op.WRITE;
            flush.flags = Bio.PREFLUSH;
            flush.sector = 0;
            flush.sectors = 0;
            for (int f : new int[] {Bio.PREFLUSH, Bio.FUA}) {
                if ((rq.flags & f) != 0) {
                    dispatched++;
                    layer.kernel.observeLeafDispatch(name, head, rq.sector, 0);
                    // the data's D2C ends before the postflush (blktrace's C of the data, then "C ... + 0" after
                    // the postflush), but the kernel's own Q→D of the request already ran through its preflush
                    // (drawn all the same, so that the random stream of every later draw stays as it was)
                    long t = model.serviceNanos(flush, random);
                    svc += f == Bio.PREFLUSH && rq.preflushInQ2d ? 0 : t;
                }
            }
        }
        layer.kernel.sim.after(svc, () -> complete(rq));
        busyUntil = Math.max(busyUntil, now + svc);
    }

    /** The command the device sees: the bio itself, or a merged request as one command of its total size. */
    private static Bio command(Request rq) {
        if (rq.bios.size() == 1) {
            return rq.head();
        }
        Bio whole = new Bio(0);
        whole.op = rq.op;
        whole.flags = rq.flags;
        whole.sector = rq.sector;
        whole.sectors = rq.sectors;
        return whole;
    }

    private void complete(Request rq) {
        inFlight--;
        for (Bio bio : rq.bios) {
            completed++;
            layer.kernel.observeLeafComplete(name, bio);
        }
        layer.kernel.progress();
        Request next = queued.pollFirst();
        if (next != null) {
            start(next);
        }
        layer.beginRequestEnd();
        try {
            for (Bio bio : rq.bios) {
                BioOps.endio(bio);
            }
        } finally {
            layer.endRequestEnd();
        }
        // blk_zone_write_plug_finish_request: after the bios ended, the zone's next held write may go
        for (Bio bio : rq.bios) {
            if (plugOwners.remove(bio)) {
                unplugged(zones.zoneOf(bio.sector));
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
