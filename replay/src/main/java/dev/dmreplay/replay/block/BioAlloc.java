package dev.dmreplay.replay.block;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code bio_alloc_bioset()} as of v4.13 (block/bio.c, 47e0fb461fca): inside {@code generic_make_request} with
 * bios queued on {@code current->bio_list} and a bioset that has a rescuer, the first attempt masks
 * {@code __GFP_DIRECT_RECLAIM}; if it fails, {@code punt_bios_to_rescuer()} and retry with the caller's mask
 * (which may sleep). Bios needing more than {@code BIO_INLINE_VECS} vectors also take a bvec array
 * ({@code bvec_alloc}: slab without reclaim, then the bvec mempool if the mask allows reclaim), with the same
 * punt-and-retry. On V1 kernels the test looks at the single list; the code is otherwise the same as Kent's 2012
 * version (df2cb6daa4cb).
 *
 * <p>Use {@link #alloc}: it returns {@link Step#RETURN} with {@link Task#retBio} = the bio (or null for a
 * failed non-sleeping allocation), or {@link Step#CALL} when the allocation has to continue in a frame.
 */
public final class BioAlloc extends Frame {
    private final Bioset bs;
    private final int saved;
    private int gfp;
    private final int nrVecs;
    private Bio bio;
    private final BlockDevice dev;

    /** {@code p = mempool_alloc(bs->bio_pool, gfp_mask)} with the masked mask returned NULL: punt, retry. */
    private static final int PUNT_AND_RETRY = 1;
    /** A bio pool element is ours: {@code bio_init}; bvecs if needed. */
    private static final int BIO_ALLOCATED = 2;
    /** {@code bvec_alloc(gfp_mask, nr_iovecs, &idx, bs->bvec_pool)}. */
    private static final int BVEC_ALLOC = 3;
    /** The sleeping {@code mempool_alloc(bs->bvec_pool)} returned. */
    private static final int BVEC_POOL_RETURNED = 4;
    /** A bvec element is ours. */
    private static final int BVEC_ALLOCATED = 5;
    /** The caller's mask may sleep: the rest of {@code mempool_alloc(bs->bio_pool)}. */
    private static final int SLEEP_FOR_BIO = 10;
    /** The sleeping {@code mempool_alloc(bs->bio_pool)} returned. */
    private static final int BIO_POOL_RETURNED = 11;

    private BioAlloc(Bioset bs, int gfp, int saved, int nrVecs, BlockDevice dev) {
        this.bs = bs;
        this.gfp = gfp;
        this.saved = saved;
        this.nrVecs = nrVecs;
        this.dev = dev;
    }

    /** Allocates a bio from {@code bs}; {@code dev} is only used for naming the observation. */
    public static Step alloc(Task t, Bioset bs, int gfpMask, int nrVecs) {
        int gfp = gfpMask;
        if (t.bioList != null && bs.hasRescuer() && anyQueued(t)) {
            gfp &= ~Gfp.RECLAIM;
        }
        String tn = t.name;
        Mempool.Attempt r = bs.bioPool.tryAlloc(gfp, gfp != gfpMask, tn);
        if (r == Mempool.Attempt.GOT && nrVecs <= Bioset.BIO_INLINE_VECS) {
            Bio b = bs.layer.newBio();
            b.pool = bs;
            bs.bioPool.attach(b, tn, b.id);
            t.retBio = b;
            return Step.RETURN;
        }
        if (r == Mempool.Attempt.NULL && gfp == gfpMask) {
            t.retBio = null;
            return Step.RETURN;
        }
        BioAlloc f = new BioAlloc(bs, gfp, gfpMask, nrVecs, null);
        f.pc = r == Mempool.Attempt.GOT ? BIO_ALLOCATED : (r == Mempool.Attempt.NULL ? PUNT_AND_RETRY : SLEEP_FOR_BIO);
        return t.call(f);
    }

    static boolean anyQueued(Task t) {
        for (BioList l : t.bioList) {
            if (!l.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case PUNT_AND_RETRY -> {
                    // the masked attempt failed: punt this bioset's bios, retry with the caller's mask
                    bs.punt(t);
                    gfp = saved;
                    Mempool.Attempt r = bs.bioPool.tryAlloc(gfp, t.name);
                    if (r == Mempool.Attempt.GOT) {
                        pc = BIO_ALLOCATED;
                    } else if (r == Mempool.Attempt.NULL) {
                        t.retBio = null;
                        return RETURN;
                    } else {
                        pc = BIO_POOL_RETURNED;
                        return t.call(bs.bioPool.allocFrame());
                    }
                }
                case SLEEP_FOR_BIO -> {
                    pc = BIO_POOL_RETURNED;
                    return t.call(bs.bioPool.allocFrame());
                }
                case BIO_POOL_RETURNED -> pc = BIO_ALLOCATED;
                case BIO_ALLOCATED -> {
                    bio = bs.layer.newBio();
                    bio.pool = bs;
                    bs.bioPool.attach(bio, t.name, bio.id);
                    if (nrVecs <= Bioset.BIO_INLINE_VECS || bs.bvecPool == null) {
                        t.retBio = bio;
                        return RETURN;
                    }
                    pc = BVEC_ALLOC;
                }
                case BVEC_ALLOC -> {
                    // bvec_alloc: slab without reclaim/IO first
                    if (bs.layer.kernel.pressure.slabSucceeds(bs.layer.kernel.sim.now(), false)) {
                        pc = BVEC_ALLOCATED;
                        continue;
                    }
                    if ((gfp & Gfp.RECLAIM) == 0) {
                        if (gfp != saved) {
                            bs.punt(t);
                            gfp = saved;
                        } else {
                            BioOps.put(bio);
                            t.retBio = null;
                            return RETURN;
                        }
                    }
                    Mempool.Attempt r = bs.bvecPool.tryAlloc(gfp, t.name);
                    if (r == Mempool.Attempt.GOT) {
                        pc = BVEC_ALLOCATED;
                        continue;
                    }
                    pc = BVEC_POOL_RETURNED;
                    return t.call(bs.bvecPool.allocFrame());
                }
                case BVEC_POOL_RETURNED -> pc = BVEC_ALLOCATED;
                case BVEC_ALLOCATED -> {
                    bs.bvecPool.attach(bio, t.name, bio.id);
                    bs.bvecsAllocated(bio, nrVecs);
                    t.retBio = bio;
                    return RETURN;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /** Not when the frame only continues into the sleep of a failed attempt (one pool->lock section). */
    @Override
    public boolean preemptibleEntry() {
        return pc != SLEEP_FOR_BIO;
    }

    @Override
    public String function() {
        return "bio_alloc_bioset(" + bs.name + ")";
    }
}
