package dev.dmreplay.replay.block;

/**
 * Something that occupies a mempool element and can say so: a bio (its {@code bi_pool} element and, for bios
 * with more than {@code BIO_INLINE_VECS} vectors, a bvec-pool element) or a {@code struct dm_io} from a plain
 * mempool. Mempools keep their holders on intrusive lists (slot 0: the object itself, slot 1: its bvec array) so
 * the deadlock detector can name who holds a pool's elements without per-allocation maps.
 */
public abstract class PoolElement {
    PoolElement prev0;
    PoolElement next0;
    Mempool pool0;
    PoolElement prev1;
    PoolElement next1;
    Mempool pool1;
    /** The bio id each element was allocated for (reported again when it is freed). */
    long holder0;
    long holder1;

    /** The mempool this element came from (slot 0), or null. */
    public Mempool elementPool() {
        return pool0;
    }

    /** Short name for chains, e.g. {@code "bio #12"}. */
    public abstract String label();
}
