package dev.dmreplay.replay.target.crypt;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code crypt_alloc_buffer(io, size)} (drivers/md/dm-crypt.c): a clone from {@code cc->bs} with one vector per
 * page, then every page of the buffer from {@code cc->page_pool}. Two forms:
 * <ul>
 *   <li>{@code MUTEX_RETRY} (7145c241a1bf "dm crypt: avoid deadlock in mempools", v4.1, unchanged
 *       in v6.1): the pages are taken with {@code GFP_NOWAIT} and no lock; on the first failure every page and the
 *       clone are freed and the whole allocation is retried with {@code __GFP_DIRECT_RECLAIM} under
 *       {@code cc->bio_alloc_lock}, so at most one task at a time sleeps holding part of a buffer;</li>
 *   <li>{@code BLOCKING_PER_PAGE} (cf2f1abfbd0d "dm crypt: don't allocate pages for a partial
 *       request", v4.0): each page with a blocking {@code mempool_alloc(GFP_NOIO)} and no lock, so concurrent
 *       writers can each sleep holding part of the pool: the deadlock 7145c241a1bf fixed.</li>
 * </ul>
 * The clone itself is allocated with {@code GFP_NOIO} in both forms. Each page costs {@link #NS_PER_PAGE} of CPU
 * (page allocation and {@code bio_add_page}), which lets writers on different CPUs interleave as they do in the
 * kernel. The integrity tag allocation ({@code dm_crypt_integrity_io_alloc}) is not modelled. On return
 * {@code t.ret} is the clone holding its pages in {@link CryptIo#pages}.
 */
final class CryptAllocBuffer extends Frame {
    /** Modelled CPU time of one page allocation plus {@code bio_add_page}. */
    static final long NS_PER_PAGE = 50;

    /** crypt_alloc_buffer() {@code retry:}, v4.1–v6.1: {@code mutex_lock(&cc->bio_alloc_lock)} once it may sleep. */
    private static final int RETRY = 0;
    /** crypt_alloc_buffer(), v4.0–v6.1: {@code clone = bio_alloc_bioset(..., GFP_NOIO, &cc->bs)}. */
    private static final int ALLOC_CLONE = 1;
    /** crypt_alloc_buffer(), v4.0–v6.1: the clone arrived ({@code bi_private}, {@code bi_end_io = crypt_endio}). */
    private static final int CLONE_ALLOCATED = 2;
    /** crypt_alloc_buffer() {@code for (i = 0; i < nr_iovecs; i++)}, v4.0–v6.1: next page, or unlock and return. */
    private static final int NEXT_PAGE = 3;
    /** crypt_alloc_buffer(), v4.0–v6.1: {@code page = mempool_alloc(&cc->page_pool, gfp_mask)}. */
    private static final int PAGE_POOL_ALLOC = 4;
    /** crypt_alloc_buffer(), v4.0–v6.1: the sleeping {@code mempool_alloc(&cc->page_pool)} returned. */
    private static final int PAGE_POOL_RETURNED = 5;

    private final CryptIo io;
    private final int nrPages;
    private final boolean mutexForm;
    private int gfp;
    private Bio clone;
    private boolean locked;

    /** @param mutexForm the 7145c241a1bf form (knob {@code cryptAllocBuffer=MUTEX_RETRY}) */
    CryptAllocBuffer(CryptIo io, int sectors, boolean mutexForm) {
        this.io = io;
        this.nrPages = Math.max(1, (sectors + 7) / 8);
        this.mutexForm = mutexForm;
        this.gfp = mutexForm ? Gfp.NOWAIT : Gfp.NOIO;
        io.pagesNeeded = nrPages;
    }

    @Override
    public Step step(Task t) {
        CryptTarget cc = io.cc;
        while (true) {
            switch (pc) {
                case RETRY -> {
                    io.allocating = t;
                    pc = ALLOC_CLONE;
                    if ((gfp & Gfp.RECLAIM) != 0 && mutexForm) {
                        locked = true;
                        if (cc.bioAllocLock().lock(t) != RETURN) {
                            return SCHEDULE; // woken as the owner (hand-off)
                        }
                    }
                }
                case ALLOC_CLONE -> {
                    pc = CLONE_ALLOCATED;
                    if (BioAlloc.alloc(t, cc.bs(), Gfp.NOIO, nrPages) == CALL) {
                        return CALL;
                    }
                }
                case CLONE_ALLOCATED -> {
                    clone = t.retBio;
                    pc = NEXT_PAGE;
                }
                case NEXT_PAGE -> {
                    if (io.pages.size() == nrPages) {
                        if (locked) {
                            cc.bioAllocLock().unlock(t);
                            locked = false;
                        }
                        io.allocating = null;
                        t.retBio = clone;
                        return RETURN;
                    }
                    pc = PAGE_POOL_ALLOC;
                    return t.consumeCpu(NS_PER_PAGE);
                }
                case PAGE_POOL_ALLOC -> {
                    Mempool.Attempt r = cc.pagePool().tryAlloc(gfp, t.name);
                    if (r == Mempool.Attempt.GOT) {
                        addPage(t);
                        pc = NEXT_PAGE;
                    } else if (r == Mempool.Attempt.NULL) {
                        // GFP_NOWAIT failed: crypt_free_buffer_pages + bio_put, then retry blocking under the mutex
                        cc.freePages(io);
                        BioOps.put(clone);
                        clone = null;
                        gfp |= Gfp.RECLAIM;
                        pc = RETRY;
                    } else {
                        pc = PAGE_POOL_RETURNED;
                        return t.call(cc.pagePool().allocFrame());
                    }
                }
                case PAGE_POOL_RETURNED -> {
                    addPage(t);
                    pc = NEXT_PAGE;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    private void addPage(Task t) {
        CryptPage p = new CryptPage(io);
        io.cc.pagePool().attach(p, t.name, io.base.id);
        io.pages.add(p);
    }

    @Override
    public String function() {
        return "crypt_alloc_buffer";
    }
}
