package dev.dmreplay.replay.workload;

/**
 * Which remaps onto a thin pool that does not zero new blocks ({@code skip_block_zeroing}) provisioned one, learnt
 * from a trace. With zeroing off, {@code provision_block} → {@code schedule_zero} (dm-thin.c v6.1) calls
 * {@code process_prepared_mapping} at once: no kcopyd write shows the new block (the evidence
 * {@link ThinWorkerPasses#ownWrite} keys a zeroing pool on), and the worker's remap of the bio, in the pass that
 * allocated the block, is its first record. The data space map hands new blocks out in ascending order from its
 * cursor ({@code sm_disk_new_block}, which wraps only at the end of the device), so a provisioning is the worker's
 * first remap onto a block above every block the trace has shown the pool using. A block at or below that mark
 * (mapped before the trace, or handed out again after the cursor wrapped) is not taken as new: such a bio is left
 * without a pass, to the learnt run times, as before.
 *
 * <p>Only part-block writes count, as on a zeroing pool, where a write covering its block needs no zeroing: a whole
 * block is most often a piece of a split bio whose later pieces have no {@code Q} of their own to carry a pass, so
 * keying the first piece alone would send the pieces of one write to different passes.
 */
final class UnzeroedProvisions {
    private final long blockSectors;
    private long highest = -1;

    UnzeroedProvisions(long blockSectors) {
        this.blockSectors = blockSectors;
    }

    /**
     * A remap of {@code sectors} (more than 0) onto the pool device at {@code poolSector}; returns whether it
     * provisioned a new block, {@code provisioning} saying whether it could: a data write the worker remapped, not a
     * split remainder. Every remap raises the mark, whatever it was.
     */
    boolean remap(long poolSector, long sectors, boolean provisioning) {
        long block = poolSector / blockSectors;
        if (block <= highest) {
            return false;
        }
        highest = block;
        return provisioning && sectors < blockSectors;
    }
}
