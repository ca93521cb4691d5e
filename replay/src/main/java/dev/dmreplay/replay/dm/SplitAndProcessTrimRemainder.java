package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.observe.SplitKind;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code dm_split_and_process_bio()} of G4 (drivers/md/dm.c from v6.0, 8b211aaccb91 "dm: add two stage requeue
 * mechanism", which brought back 7dd76d1feec7's remainder handling after 61b6e2e5321d had reverted it during
 * 5.19-rc): one piece per call as in G2/G3, but nothing is allocated for the rest. The {@code dm_io} keeps the
 * original bio as {@code io->orig_bio}; the original is {@code bio_trim}med to the part still to do, its
 * {@code __bi_remaining} raised ({@code bio_inc_remaining}) so that it completes only after this {@code dm_io}
 * and the remainder's own processing, and resubmitted with {@code submit_bio_noacct} — at the tail of
 * {@code current->bio_list[0]} in every release up to v6.18 (DM does not use {@code bio_submit_split_bioset}).
 * Departure: the two-stage requeue itself ({@code DM_IO_WAS_SPLIT} clones at requeue time) is not modelled, as
 * requeue is not (docs/kernel-model.md §10.7).
 */
final class SplitAndProcessTrimRemainder extends SplitAndProcess {
    SplitAndProcessTrimRemainder(MappedDevice md, Bio bio) {
        super(md, bio);
    }

    @Override
    protected Step afterPiece(Task t) {
        if (t.bioList == null || count == 0 || error != 0) {
            pc = WHILE_SECTORS_LEFT;
            return null;
        }
        // bio_trim(bio, io->sectors, ci.sector_count): the original now describes only the remainder
        BioOps.advance(bio, (int) (bio.sectors - count));
        BioOps.incRemaining(bio);
        bio.at = null;
        md.kernel().observeSplit(SplitKind.DM_TRIM, t, md.name, null, bio, bio.id);
        Gmr.submit(t, bio);
        pc = DEC_PENDING;
        return null;
    }
}
