package dev.dmreplay.replay.block;

import dev.dmreplay.replay.sim.Kernel;

/**
 * Block-layer wide settings and counters shared by all devices of one modelled machine: the
 * {@code generic_make_request} ordering variant and the bio id source.
 */
public final class BlockLayer {
    /** {@code generic_make_request} ordering (kernel-model §2). */
    public enum Ordering { V1_FIFO, V2_LOWER_FIRST }

    public final Kernel kernel;
    public final Ordering ordering;

    public BlockLayer(Kernel kernel, Ordering ordering) {
        this.kernel = kernel;
        this.ordering = ordering;
    }

    public boolean twoLists() {
        return ordering == Ordering.V2_LOWER_FIRST;
    }

    public Bio newBio() {
        return new Bio(kernel.nextBioId());
    }
}
