package dev.dmreplay.replay.block;

import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.observe.RescueMechanism;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;

/**
 * {@code struct bio_set} ({@code bioset_create(pool_size, front_pad, flags)}, block/bio.c v4.13): a mempool of
 * bios, optionally a mempool of bvec arrays ({@code BIOSET_NEED_BVECS}) and optionally a rescuer
 * ({@code BIOSET_NEED_RESCUER}: a "bioset" workqueue with one work item, {@code bio_alloc_rescue}, draining
 * {@code rescue_list}). Before v4.13 every bioset had a rescuer (Kent Overstreet, df2cb6daa4cb, ≈v3.7).
 */
public final class Bioset {
    /** {@code BIO_POOL_SIZE}. */
    public static final int BIO_POOL_SIZE = 2;
    /** {@code BIO_INLINE_VECS}. */
    public static final int BIO_INLINE_VECS = 4;

    public final String name;
    final BlockLayer layer;
    public final Mempool bioPool;
    public final Mempool bvecPool;
    private final Workqueue rescueWq;
    private final WorkItem rescueWork;
    private final BioList rescueList;
    private long punts;
    private long bvecArrays;
    private long bvecBytes;
    private long liveBvecBytes;
    private long peakLiveBvecBytes;
    private long biosPunted;
    private long biosRescued;

    /**
     * @param rescuerWq null for no rescuer; otherwise the workqueue the rescuer work runs on (one per bioset in
     *                  the kernel; the caller creates it)
     */
    public Bioset(BlockLayer layer, String name, int poolSize, boolean needBvecs, Workqueue rescuerWq) {
        this.layer = layer;
        this.name = name;
        this.bioPool = new Mempool(layer.kernel, name, PoolKind.BIOSET, poolSize, 0);
        this.bvecPool = needBvecs ? new Mempool(layer.kernel, name + " bvecs", PoolKind.BIOSET_BVEC, poolSize, 1) : null;
        this.rescueWq = rescuerWq;
        if (rescuerWq != null) {
            this.rescueWork = new WorkItem("bio_alloc_rescue(" + name + ")", RescueFrame::new);
            this.rescueList = new BioList("rescue_list of bioset " + name, rescueWork);
        } else {
            this.rescueWork = null;
            this.rescueList = null;
        }
    }

    /**
     * Bytes of the bvec array {@code bvec_alloc()} hands out for {@code nrVecs} vectors: a {@code struct bio_vec}
     * is 16 bytes and arrays come from the slab size classes 16, 64, 128 and {@code BIO_MAX_VECS} (256) vectors
     * (block/bio.c, v4.16–v6.x; smaller counts are inline in the bio).
     */
    static long bvecArrayBytes(int nrVecs) {
        int cls = nrVecs <= 16 ? 16 : nrVecs <= 64 ? 64 : nrVecs <= 128 ? 128 : 256;
        return 16L * cls;
    }

    /** A bio of this set got its own bvec array of {@code nrVecs} vectors. */
    void bvecsAllocated(Bio bio, int nrVecs) {
        bio.bvecs = nrVecs;
        long bytes = bvecArrayBytes(nrVecs);
        bvecArrays++;
        bvecBytes += bytes;
        liveBvecBytes += bytes;
        peakLiveBvecBytes = Math.max(peakLiveBvecBytes, liveBvecBytes);
    }

    /** The bvec array of {@code bio} went back with it ({@code bio_put}). */
    void bvecsFreed(Bio bio) {
        if (bio.bvecs > 0) {
            liveBvecBytes -= bvecArrayBytes(bio.bvecs);
            bio.bvecs = 0;
        }
    }

    /**
     * What the bvec arrays of this set's bios cost: how many were allocated, their bytes in total, and the most
     * bytes held at once. The figures behind the "O(P²) bvec memory" question of full clones (§6.4).
     */
    public record BvecStats(long arrays, long bytes, long peakLiveBytes) {
    }

    public BvecStats bvecStats() {
        return new BvecStats(bvecArrays, bvecBytes, peakLiveBvecBytes);
    }

    public boolean hasRescuer() {
        return rescueWq != null;
    }

    public BioList rescueList() {
        return rescueList;
    }

    public long punts() {
        return punts;
    }

    public long biosPunted() {
        return biosPunted;
    }

    /** Hands a bio to this bioset's rescuer (used by punting and by dm_offload). */
    public void rescue(Bio b) {
        rescueList.add(b);
        rescueWq.queue(rescueWork);
    }

    /**
     * {@code punt_bios_to_rescuer()} (block/bio.c v4.13): moves only this bioset's bios from both of the task's
     * lists (the single list on V1 kernels) to the rescue list, keeping the order of the others.
     */
    public void punt(Task t) {
        int moved = 0;
        for (BioList l : t.bioList) {
            BioList keep = new BioList(l.name(), l.drainer());
            Bio b;
            while ((b = l.pop()) != null) {
                if (b.pool == this) {
                    rescueList.add(b);
                    moved++;
                } else {
                    keep.add(b);
                }
            }
            l.merge(keep);
        }
        punts++;
        biosPunted += moved;
        layer.kernel.observePunt(t, name, moved);
        rescueWq.queue(rescueWork);
    }

    /** {@code bio_alloc_rescue()}: resubmits every rescued bio from the rescuer's own context. */
    private final class RescueFrame extends Frame {
        @Override
        public Step step(Task t) {
            while (true) {
                Bio b = rescueList.pop();
                if (b == null) {
                    return RETURN;
                }
                biosRescued++;
                layer.kernel.observeRescue(RescueMechanism.BIOSET_RESCUER, t, b.dev.name, name, b);
                if (Gmr.submit(t, b) == CALL) {
                    return CALL;
                }
            }
        }

        @Override
        public String function() {
            return "bio_alloc_rescue(" + name + ")";
        }
    }

    /** Statistics of this bioset. */
    public record BiosetStats(String bioset, long punts, long biosPunted, long biosRescued) {
    }

    public BiosetStats stats() {
        return new BiosetStats(name, punts, biosPunted, biosRescued);
    }
}
