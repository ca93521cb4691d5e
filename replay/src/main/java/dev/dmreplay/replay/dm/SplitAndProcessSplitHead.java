package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.observe.SplitKind;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code __split_and_process_bio()} of G3 (drivers/md/dm.c ≈v5.15, ce8356335027 era): as G2, but the mapped head
 * is split off with {@code bio_split} (a fast clone without a bvec copy, which leaves the original advanced) and
 * the original, now the remainder, is chained to it and resubmitted.
 */
final class SplitAndProcessSplitHead extends SplitAndProcessCloneRemainder {
    SplitAndProcessSplitHead(MappedDevice md, Bio bio) {
        super(md, bio);
    }

    /** {@code bio_split(bio, mapped sectors, GFP_NOIO, &md->queue->bio_split)}. */
    @Override
    protected Step allocateRemainderBio(Task t) {
        return BioOps.split(t, bio, (int) (bio.sectors - count), Gfp.NOIO, md.bioSplit);
    }

    /** {@code bio_split} already advanced the original past the head. */
    @Override
    protected SplitKind leaveOriginalAsRemainder() {
        return SplitKind.DM_SPLIT_HEAD;
    }
}
