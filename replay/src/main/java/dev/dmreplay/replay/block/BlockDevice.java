package dev.dmreplay.replay.block;

import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.Workqueue;

/**
 * A {@code request_queue} with its disk: a {@code make_request_fn}, its limits and {@code q->bio_split}
 * ({@code BIO_POOL_SIZE} bios and bvecs; the reserve is the {@code bioPoolSize} knob, 2 as in include/linux/bio.h;
 * a rescuer before v4.13, none after, see {@link BlockLayer#biosetsRescued}).
 */
public abstract class BlockDevice {
    public final String name;
    public final int devno;
    public final BlockLayer layer;
    public final long capacity;
    /** {@code q->bio_split}. */
    public final Bioset bioSplit;

    protected BlockDevice(BlockLayer layer, String name, int devno, long capacitySectors) {
        this.layer = layer;
        this.name = name;
        this.devno = devno;
        this.capacity = capacitySectors;
        // before v4.13 bioset_create() gave every bioset, q->bio_split included, its own rescuer workqueue
        this.bioSplit = new Bioset(layer, name + " q->bio_split", layer.bioPoolSize, true,
                layer.biosetsRescued ? new Workqueue(layer.kernel, "bioset/" + name + " q->bio_split", 0) : null);
    }

    /**
     * The device's {@code make_request_fn}, run by the top-level {@code generic_make_request} loop of task
     * {@code t}. Returns 0 when done, or {@link dev.dmreplay.replay.sim.Frame#CALL} after pushing a frame.
     */
    public abstract Step makeRequest(Task t, Bio bio);

    public boolean isLeaf() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
