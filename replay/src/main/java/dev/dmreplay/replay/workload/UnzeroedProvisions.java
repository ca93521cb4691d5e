package dev.dmreplay.replay.workload;

/**
 * Which remaps onto a thin pool provisioned a new block with no zeroing write before them, learnt from a trace:
 * every write on a pool that does not zero new blocks ({@code skip_block_zeroing}), whole-block writes on one that
 * does. With zeroing off, {@code provision_block} → {@code schedule_zero} (dm-thin.c v6.1) calls
 * {@code process_prepared_mapping} at once: no kcopyd write shows the new block (the evidence
 * {@link ThinWorkerPasses#ownWrite} keys a zeroing pool on), and the worker's remap of the bio, in the pass that
 * allocated the block, is its first record. The data space map hands new blocks out in ascending order from its
 * cursor ({@code sm_disk_new_block}, which wraps only at the end of the device), so a provisioning is the worker's
 * first remap onto a block above every block the trace has shown the pool using. A block at or below that mark
 * (mapped before the trace, or handed out again after the cursor wrapped) is not taken as new: such a bio is left
 * without a pass, to the learnt run times, as before.
 *
 * <p>Writes covering a whole block count too, and so do split remainders (their {@code X} record stands for their
 * {@code Q}): a write larger than a block reaches the pool as one piece per block, the later pieces handed over as
 * the submitter split them, and the kernel's worker provisions them in the passes that took them like any other
 * write (t-thin-striped, 128 KiB random writes into 64 KiB blocks at queue depth 8: a pass took the first write's
 * two pieces alone, before the next writes were queued, and the next pass the seven queued meanwhile, sorted). Left
 * without a pass, the model's first run after the learnt run time took them all together and handed the blocks out in
 * sector order.
 *
 * <p>On a pool that zeroes new blocks, a write covering its whole block is provisioned the same way: {@code
 * schedule_zero} sees {@code io_overwrites_block} and issues the write itself ({@code remap_and_issue_overwrite}),
 * with no zeroing before it (s-thin-passdown, 64 KiB writes into 64 KiB blocks at queue depth 16). The caller says
 * which remaps qualify; the mark rises with every remap, those of zeroed blocks too.
 */
final class UnzeroedProvisions {
    private final long blockSectors;
    private long highest = -1;

    UnzeroedProvisions(long blockSectors) {
        this.blockSectors = blockSectors;
    }

    /**
     * A remap with data onto the pool device at {@code poolSector}; returns whether it
     * provisioned a new block, {@code provisioning} saying whether it could: a data write (or a split remainder of
     * one) the worker remapped. Every remap raises the mark, whatever it was.
     */
    boolean remap(long poolSector, boolean provisioning) {
        long block = poolSector / blockSectors;
        if (block <= highest) {
            return false;
        }
        highest = block;
        return provisioning;
    }
}
