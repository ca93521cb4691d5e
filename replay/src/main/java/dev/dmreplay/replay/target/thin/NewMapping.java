package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.EndIo;
import dev.dmreplay.replay.block.PoolElement;

/**
 * {@code struct dm_thin_new_mapping} (drivers/md/dm-thin.c v6.1): a block being provisioned (zeroed, copied, or
 * overwritten in full by its bio), from the pool's {@code mapping_pool} ({@code MAPPING_POOL_SIZE} = 1024,
 * allocated {@code GFP_ATOMIC} in {@code ensure_next_mapping}). When its preparation completes it goes on the
 * pool's prepared list and the worker inserts the mapping ({@code process_prepared_mapping}).
 */
final class NewMapping extends PoolElement {
    final PrisonCell cell;
    final long dataBlock;
    /** The bio that overwrites the whole block (issued at once, its end_io hooked), or null. */
    Bio overwrite;
    EndIo savedEndIo;
    int status;

    NewMapping(PrisonCell cell, long dataBlock) {
        this.cell = cell;
        this.dataBlock = dataBlock;
    }

    @Override
    public String label() {
        return "thin mapping of " + cell.tc.mdName() + " block " + cell.vblock + " -> data block " + dataBlock;
    }
}
