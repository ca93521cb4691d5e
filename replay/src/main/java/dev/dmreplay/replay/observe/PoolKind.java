package dev.dmreplay.replay.observe;

/** What kind of mempool a pool observation (ALLOC, ALLOC_FAIL, FREE, or a wait on the pool) is about. */
public enum PoolKind {
    /** The bio mempool of a bioset ({@code bs->bio_pool}), e.g. {@code md->bs}, {@code q->bio_split}. */
    BIOSET,
    /** The bvec mempool of a bioset ({@code bs->bvec_pool}). */
    BIOSET_BVEC,
    /** A plain mempool no bioset rescuer covers, e.g. dm's {@code md->io_pool} (≤ v4.15). */
    MEMPOOL
}
