package dev.dmreplay.replay.block;

import dev.dmreplay.replay.observe.SplitKind;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * The bio primitives of block/bio.c as of v4.13–v4.16: {@code bio_put}, {@code bio_chain}, {@code bio_endio},
 * {@code __bio_clone_fast}, {@code bio_clone_fast}, {@code bio_clone_bioset}, {@code bio_split},
 * {@code bio_advance}. Completion-side functions never sleep.
 */
public final class BioOps {
    /** Segments per 4 KiB page: the model counts one bvec per page. */
    public static final int SECTORS_PER_SEGMENT = 8;

    private BioOps() {
    }

    public static int segmentsFor(int sectors) {
        return Math.max(1, (sectors + SECTORS_PER_SEGMENT - 1) / SECTORS_PER_SEGMENT);
    }

    /** {@code bio_put()} of the last reference: back to {@code bi_pool} (and its bvec pool). */
    public static void put(Bio b) {
        if (b.pool1 != null) {
            if (b.pool != null) {
                b.pool.bvecsFreed(b);
            }
            b.pool1.free(b);
        }
        if (b.pool0 != null) {
            b.pool0.free(b);
        }
    }

    /** {@code bio_chain(child, parent)}: the parent completes only after the child. */
    public static void chain(Bio child, Bio parent) {
        child.priv = parent;
        child.endIo = Bio.CHAIN;
        parent.remaining++;
        parent.chained = true;
    }

    /** {@code bio_inc_remaining(bio)}: one more {@code bio_endio} is needed before the bio completes. */
    public static void incRemaining(Bio bio) {
        bio.remaining++;
        bio.chained = true;
    }

    /**
     * {@code bio_endio()}: drops a chain reference; once the last one is gone runs {@code bi_end_io}, walking up
     * {@code bio_chain} parents iteratively (first error wins; chained children are freed here).
     */
    public static void endio(Bio bio) {
        while (true) {
            if (bio.chained) {
                if (--bio.remaining > 0) {
                    return;
                }
                bio.chained = false;
            }
            bio.at = null;
            if (bio.endIo == Bio.CHAIN) {
                Bio parent = (Bio) bio.priv;
                if (parent.status == 0) {
                    parent.status = bio.status;
                }
                put(bio);
                bio = parent;
                continue;
            }
            if (bio.endIo != null) {
                bio.endIo.endIo(bio);
            }
            return;
        }
    }

    /** {@code bio_io_error()}. */
    public static void ioError(Bio bio) {
        bio.status = 10;
        endio(bio);
    }

    /** {@code __bio_clone_fast(dst, src)}: same device, range, op and flags; shares the vectors. */
    public static void cloneFast(Bio dst, Bio src) {
        dst.dev = src.dev;
        dst.sector = src.sector;
        dst.sectors = src.sectors;
        dst.op = src.op;
        dst.flags = src.flags;
        dst.segments = src.segments;
        dst.submitTime = src.submitTime;
        dst.root = src.rootId();
    }

    /** {@code bio_advance(bio, sectors << 9)}. */
    public static void advance(Bio bio, int sectors) {
        bio.sector += sectors;
        bio.sectors -= sectors;
        bio.segments = segmentsFor(bio.sectors);
    }

    /**
     * {@code bio_clone_bioset(src, gfp, bs)} (v4.16): a full clone with a new bvec array for the source's
     * remaining segments. Pushes a frame: returns CALL; {@code t.retBio} = the clone.
     */
    public static Step cloneBioset(Task t, Bio src, int gfp, Bioset bs) {
        return t.call(new CloneFrame(src, bs, gfp, src.segments, -1));
    }

    /**
     * {@code bio_split(bio, sectors, gfp, bs)}: a fast clone of the first {@code sectors}, and {@code bio}
     * advanced past them. Pushes a frame: returns CALL; {@code t.retBio} = the head.
     */
    public static Step split(Task t, Bio bio, int sectors, int gfp, Bioset bs) {
        if (sectors <= 0 || sectors >= bio.sectors) {
            throw new IllegalArgumentException("bio_split of " + sectors + " from " + bio);
        }
        return t.call(new CloneFrame(bio, bs, gfp, 0, sectors));
    }

    /** Allocation then clone (and for splits, advance) once the bio is there. */
    private static final class CloneFrame extends Frame {
        /** bio_clone_bioset() / bio_split(), v4.13–v4.16: {@code bio_alloc_bioset(gfp_mask, nr_vecs, bs)}. */
        private static final int ALLOC = 0;
        /** v4.13–v4.16: the bio arrived; {@code __bio_clone_fast}, for a split {@code bio_advance} of the source. */
        private static final int ALLOCATED = 1;

        private final Bio src;
        private final Bioset bs;
        private final int gfp;
        private final int vecs;
        private final int splitSectors;

        CloneFrame(Bio src, Bioset bs, int gfp, int vecs, int splitSectors) {
            this.src = src;
            this.bs = bs;
            this.gfp = gfp;
            this.vecs = vecs;
            this.splitSectors = splitSectors;
        }

        @Override
        public Step step(Task t) {
            if (pc == ALLOC) {
                pc = ALLOCATED;
                if (BioAlloc.alloc(t, bs, gfp, vecs) == CALL) {
                    return CALL;
                }
            }
            Bio b = t.retBio;
            if (b != null) {
                cloneFast(b, src);
                if (splitSectors > 0) {
                    b.sectors = splitSectors;
                    b.segments = segmentsFor(splitSectors);
                    advance(src, splitSectors);
                    t.kernel().observeSplit(SplitKind.BIO_SPLIT, t, src.dev.name, bs.name, b, src.id);
                }
            }
            t.retBio = b;
            return RETURN;
        }

        @Override
        public String function() {
            return splitSectors > 0 ? "bio_split" : "bio_clone_bioset";
        }
    }
}
