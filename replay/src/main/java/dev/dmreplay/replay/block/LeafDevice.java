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
 * {@code bio_endio} in completion context after the service time.
 */
public final class LeafDevice extends BlockDevice {
    private final ServiceModel model;
    private final SplittableRandom random;
    private final int maxSectors;
    private final ArrayDeque<Bio> queued = new ArrayDeque<>();
    private int inFlight;
    private long dispatched;
    private long completed;
    private long busyUntil;

    public LeafDevice(BlockLayer layer, String name, int devno, long capacity, ServiceModel model, int maxSectors) {
        super(layer, name, devno, capacity);
        this.model = model;
        this.maxSectors = maxSectors;
        this.random = layer.kernel.sim.random("leaf:" + name);
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
        dispatch(bio);
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
            Gmr.submit(t, bio);
            dispatch(head);
            return RETURN;
        }

        @Override
        public String function() {
            return "blk_queue_split";
        }
    }

    private void dispatch(Bio bio) {
        bio.at = this;
        if (inFlight < model.queueDepth()) {
            start(bio);
        } else {
            queued.addLast(bio);
        }
    }

    private void start(Bio bio) {
        inFlight++;
        dispatched++;
        long now = layer.kernel.sim.now();
        layer.kernel.observeLeafDispatch(name, bio);
        long svc = model.serviceNanos(bio, random);
        layer.kernel.sim.after(svc, () -> complete(bio));
        busyUntil = Math.max(busyUntil, now + svc);
    }

    private void complete(Bio bio) {
        inFlight--;
        completed++;
        layer.kernel.observeLeafComplete(name, bio);
        Bio next = queued.pollFirst();
        if (next != null) {
            start(next);
        }
        BioOps.endio(bio);
    }

    @Override
    public String toString() {
        return name;
    }
}
