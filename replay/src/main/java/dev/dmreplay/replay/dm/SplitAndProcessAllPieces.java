package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code __split_and_process_bio()} of G0/G1 (drivers/md/dm.c ≤ v4.15; G1 is d67a5f4b5947..18a25da84354^ with
 * dm_offload around the map): every piece of the bio is cloned and mapped in this one call, so the clones of a
 * task wait on its {@code current->bio_list} while it allocates the next piece.
 */
final class SplitAndProcessAllPieces extends SplitAndProcess {
    SplitAndProcessAllPieces(MappedDevice md, Bio bio) {
        super(md, bio);
    }

    @Override
    protected Step afterPiece(Task t) {
        pc = WHILE_SECTORS_LEFT;
        return null;
    }
}
