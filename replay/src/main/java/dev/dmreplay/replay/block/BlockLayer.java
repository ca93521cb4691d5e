package dev.dmreplay.replay.block;

import dev.dmreplay.replay.sim.Kernel;

/**
 * Block-layer wide settings and counters shared by all devices of one modelled machine: the
 * {@code generic_make_request} ordering variant, the {@code q->bio_split} reserve and the bio id source.
 */
public final class BlockLayer {
    /** {@code generic_make_request} ordering (docs/kernel-model.md §2). */
    public enum Ordering { V1_FIFO, V2_LOWER_FIRST }

    public final Kernel kernel;
    public final Ordering ordering;
    /** {@code BIO_POOL_SIZE}: the reserve of every {@code q->bio_split} (knob {@code bioPoolSize}). */
    public final int bioPoolSize;
    /** {@code current->plug} of the tasks that hold one. */
    private final java.util.Map<dev.dmreplay.replay.sim.Task, Plug> plugs = new java.util.HashMap<>();
    private boolean plugging;

    public BlockLayer(Kernel kernel, Ordering ordering) {
        this(kernel, ordering, Bioset.BIO_POOL_SIZE);
    }

    public BlockLayer(Kernel kernel, Ordering ordering, int bioPoolSize) {
        this.kernel = kernel;
        this.ordering = ordering;
        this.bioPoolSize = bioPoolSize;
    }

    public boolean twoLists() {
        return ordering == Ordering.V2_LOWER_FIRST;
    }

    /**
     * Whether submitters plug ({@code blk_start_plug} around a write system call, as {@code blkdev_write_iter}
     * does in v6.1). Off by default: the deadlock scenarios keep their one-bio-at-a-time dispatch; trace
     * replays turn it on.
     */
    public void plugging(boolean on) {
        this.plugging = on;
    }

    public boolean plugging() {
        return plugging;
    }

    /** {@code blk_start_plug()}. */
    public void startPlug(dev.dmreplay.replay.sim.Task t) {
        plugs.putIfAbsent(t, new Plug());
    }

    /** {@code blk_finish_plug()}: issues what the plug holds. */
    public void finishPlug(dev.dmreplay.replay.sim.Task t) {
        Plug p = plugs.remove(t);
        if (p != null) {
            p.finish(t);
        }
    }

    /** {@code current->plug}, or null. */
    Plug plugOf(dev.dmreplay.replay.sim.Task t) {
        return t == null ? null : plugs.get(t);
    }

    public Bio newBio() {
        return new Bio(kernel.nextBioId());
    }
}
