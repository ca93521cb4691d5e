package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.PoolElement;
import dev.dmreplay.replay.block.Servicer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct dm_bio_prison_cell} (drivers/md/dm-bio-prison-v1.c, v6.1): a cell of the pool's bio prison,
 * keyed by (thin device, virtual block); the first bio detained is the holder, later ones wait in the cell
 * until the holder's work is done ({@code cell_defer_no_holder} hands them to the worker,
 * {@code inc_remap_and_issue_cell} issues them). Allocated from the prison's {@code cell_pool} mempool
 * ({@code MIN_CELLS} = 1024) with {@code GFP_NOIO}.
 */
final class PrisonCell extends PoolElement implements Servicer {
    final ThinTarget tc;
    final long vblock;
    Bio holder;
    final List<Bio> inmates = new ArrayList<>(2);
    /** What the holder's provisioning waits for, for wait-for chains (a kcopyd job, a bio, the worker). */
    Object waitingFor;
    /** The traced kernel's worker pass that took this cell ({@link WorkerRunSchedule#passKey}). */
    long passKey = WorkerRunSchedule.NO_PASS;

    PrisonCell(ThinTarget tc, long vblock) {
        this.tc = tc;
        this.vblock = vblock;
    }

    long key() {
        return ThinMetadata.leafKey(tc.devId(), 0) ^ vblock;
    }

    @Override
    public String label() {
        return "bio prison cell of " + tc.mdName() + " block " + vblock;
    }

    @Override
    public String serviceName() {
        return label();
    }

    @Override
    public List<Object> waitsFor() {
        return waitingFor == null ? List.of() : List.of(waitingFor);
    }
}
