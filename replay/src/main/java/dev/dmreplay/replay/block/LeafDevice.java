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
 * {@code blk_mq_submit_bio}); a merged request is dispatched and serviced as one command.
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
    /** Write pointer per zone, as an offset from the zone start (zones never written are at 0). */
    private final java.util.Map<Long, Long> writePointers = new java.util.HashMap<>();
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
        this.random = layer.kernel.sim.random("leaf:" + name);
    }

    public long zoneSectors() {
        return zoneSectors;
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
        if (maxSectors > 0 && bio.sectors > maxSectors && !bio.op.abnormal()) {
            return t.call(new QueueSplit(bio));
        }
        dispatch(t, bio);
        return Step.RETURN;
    }

    /** {@code blk_queue_split()} for a bio above {@code max_sectors}. */
    private final class QueueSplit extends Frame {
        private final Bio bio;

        QueueSplit(Bio bio) {
            this.bio = bio;
        }

        @Override
        public Step step(Task t) {
            if (pc == 0) {
                pc = 1;
                return BioOps.split(t, bio, maxSectors, Gfp.NOIO, bioSplit);
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

    /**
     * A regular write to a sequential-write-required zone must start at the zone's write pointer and stay inside
     * the zone; one that does is accepted and moves the pointer. What a zoned disk answers "unaligned write
     * command" to, and what zone write plugging (v6.10+, {@code blk_zone_wplug_prepare_bio}) fails on the host
     * before the disk sees it; the model checks it in issue order and fails the bio at once.
     */
    private boolean atWritePointer(Bio bio) {
        long zone = bio.sector / zoneSectors;
        long offset = bio.sector - zone * zoneSectors;
        long wp = writePointers.getOrDefault(zone, 0L);
        if (offset != wp || offset + bio.sectors > zoneSectors) {
            return false;
        }
        writePointers.put(zone, wp + bio.sectors);
        return true;
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
        if (zoneSectors > 0 && bio.op == Op.WRITE && !atWritePointer(bio)) {
            layer.order.unalignedWrite();
            layer.kernel.observeUnalignedWrite(t, name, bio);
            BioOps.ioError(bio);
            return;
        }
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
            long d = q2d.serviceNanos(command(rq), random);
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
        long svc = model.serviceNanos(command(rq), random);
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
                    svc += model.serviceNanos(flush, random);
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
        for (Bio bio : rq.bios) {
            BioOps.endio(bio);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
