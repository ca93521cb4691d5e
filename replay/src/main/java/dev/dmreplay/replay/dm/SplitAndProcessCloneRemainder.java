package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.observe.SplitKind;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code __split_and_process_bio()} of G2 (drivers/md/dm.c v4.16, 00716545c894 "dm: fix __split_and_process_bio
 * to process the first segment only"): under {@code generic_make_request} (a {@code current->bio_list} exists)
 * only the first piece is mapped in this call; the rest is cloned from {@code q->bio_split} with
 * {@code bio_clone_bioset}, the original {@code bio_advance}d past the mapped part, {@code bio_chain}ed to the
 * clone (which becomes {@code io->orig_bio}) and resubmitted, so it is processed after the piece just queued —
 * depth first. From {@code dm_wq_work} ({@code current->bio_list == NULL}) every piece is mapped in the one call.
 */
class SplitAndProcessCloneRemainder extends SplitAndProcess {
    SplitAndProcessCloneRemainder(MappedDevice md, Bio bio) {
        super(md, bio);
    }

    @Override
    protected final Step afterPiece(Task t) {
        if (t.bioList == null || count == 0 || error != 0) {
            pc = WHILE_SECTORS_LEFT;
            return null;
        }
        pc = REMAINDER_ALLOCATED;
        md.core.beforeAlloc(t, md, md.bioSplit.bioPool);
        return allocateRemainderBio(t);
    }

    /** {@code bio_clone_bioset(bio, GFP_NOIO, md->queue->bio_split)}. */
    protected Step allocateRemainderBio(Task t) {
        return BioOps.cloneBioset(t, bio, Gfp.NOIO, md.bioSplit);
    }

    /**
     * Leaves the original as the remainder to resubmit and says what the split was: G2 advances it past the mapped
     * part ({@code bio_advance}); the clone stands for the mapped part.
     */
    protected SplitKind leaveOriginalAsRemainder() {
        BioOps.advance(bio, (int) (bio.sectors - count));
        return SplitKind.DM_REMAINDER;
    }

    @Override
    protected final Step remainderAllocated(Task t) {
        Bio b = t.retBio;
        io.origBio = b;
        b.at = io;
        SplitKind kind = leaveOriginalAsRemainder();
        BioOps.chain(b, bio);
        bio.at = null;
        md.kernel().observeSplit(kind, t, md.name, md.bioSplit.name, bio, b.id);
        Gmr.submit(t, bio);
        pc = DEC_PENDING;
        return null;
    }
}
