package dev.dmreplay.replay.block;

import dev.dmreplay.replay.sim.Kernel;

/**
 * Block-layer wide settings and counters shared by all devices of one modelled machine: the
 * {@code generic_make_request} ordering variant, the {@code q->bio_split} reserve and the bio id source.
 */
public final class BlockLayer {
    /** {@code generic_make_request} ordering (kernel-model §2). */
    public enum Ordering { V1_FIFO, V2_LOWER_FIRST }

    public final Kernel kernel;
    public final Ordering ordering;
    /** {@code BIO_POOL_SIZE}: the reserve of every {@code q->bio_split} (knob {@code bioPoolSize}). */
    public final int bioPoolSize;

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

    public Bio newBio() {
        return new Bio(kernel.nextBioId());
    }
}
