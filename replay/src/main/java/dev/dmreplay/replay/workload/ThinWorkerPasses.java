package dev.dmreplay.replay.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pass of a thin pool's worker took each provisioning bio, learnt from a trace. In {@code do_worker}
 * (dm-thin.c v6.1) {@code process_thin_deferred_cells} takes a thin device's whole deferred list under the lock,
 * sorts it by sector ({@code sort_cells}) and provisions one new data block per cell in that order; a cell
 * deferred after the take waits for the next pass, which {@code wake_worker} queued. The pool's space map hands
 * new blocks out in ascending order, so in block order a pass reads as a run of ascending thin sectors: a
 * thin sector lower than the one before, on a device already seen in the run, starts the next pass, and so does a
 * bio queued after the pool began to zero or copy into a block of the run, or after one of the run was remapped:
 * the pass had taken its list before it allocated that block ({@code alloc_data_block} comes before
 * {@code schedule_zero}/{@code schedule_copy} hands the block to kcopyd, whose write is the first record of it).
 * The remap alone is a late bound: on the captured kernels a prepared mapping waited up to 17 ms for the worker
 * (its CPU taken), and bios the next pass took were queued in that time.
 *
 * <p>A pass's <em>take point</em> is the latest recorded {@code Q} of the bios it provisioned: everything queued
 * before the take was in the list, so the pass took at or after that {@code Q}, and the next pass's bios were all
 * queued after it. The learnt run time of a pass (its first record) comes up to a few milliseconds after the take,
 * which is why it cannot say alone which bios a run took. Each provisioning bio is keyed by its pass's take point
 * ({@link #keys}); a replayed worker run takes only the cells of the earliest pending pass. Passes come one after
 * another, so a pass's take point is never before the previous pass's: a bio whose submitter slept in the map path
 * after its {@code Q} (for {@code pmd->root_lock}, held for writing by a commit) reaches the deferred list later
 * than its {@code Q} says, and may miss a pass whose bios were all queued after it. Such a pass's take point is put
 * just after the previous one's (p-thin-extorigin on a captured 6.1 kernel: a 4 KiB write queued during a commit
 * was provisioned after a write queued 2.6 ms later, in the next pass; keyed by its own {@code Q} it went first
 * and the two blocks were swapped).
 *
 * <p>Only bios the worker provisioned count: the first remap, by another task than the one that queued the bio,
 * onto a data block the pool had just zeroed or copied into (its own whole-block write on the pool device,
 * {@code ll_zero}/{@code ll_copy}), or, on a pool with {@code skip_block_zeroing}, the worker's first remap onto a
 * new block ({@link #provisioned}: no kcopyd write comes first there). A remap onto a block that was already mapped (a read, or a write the map path
 * deferred because the btree leaf was not cached) says nothing about allocation order; a write covering a whole
 * block needs no zeroing and is not keyed either. Memory is bounded: at most {@value #MAX_BLOCKS} prepared blocks
 * wait for their remap, and as many provisioning records are kept per pool.
 */
public final class ThinWorkerPasses {
    static final int MAX_BLOCKS = 1 << 20;
    /** kcopyd's default sub-job, 512 KiB ({@code DEFAULT_SUB_JOB_SIZE_KB}, dm-kcopyd.c v6.1), in sectors. */
    static final long KCOPYD_SUB_JOB_SECTORS = 1024;

    /**
     * One provisioning bio: its thin device and sector, its recorded Q, the data block it got, when the pool's
     * zeroing or copy write to that block was queued, and its remap time.
     */
    private record Provision(int thin, long sector, long queued, long block, long prepared, long remapped) {
        /** The earliest record showing the block allocated: its pass had taken its list before then. */
        long allocatedBy() {
            return Math.min(prepared, remapped);
        }
    }

    private final long blockSectors;
    /**
     * Blocks the pool zeroed or copied into whose provisioning remap has not come yet, with the time of that
     * (latest) write's Q.
     */
    private final Map<Long, Long> prepared = new HashMap<>();
    private final List<Provision> provisions = new ArrayList<>();
    private Map<Integer, Map<Long, long[]>> keys;

    /** A learner for a pool whose data blocks are {@code blockSectors} sectors long. */
    public ThinWorkerPasses(long blockSectors) {
        if (blockSectors <= 0) {
            throw new IllegalArgumentException("block size must be positive: " + blockSectors);
        }
        this.blockSectors = blockSectors;
    }

    /**
     * A remap of a thin bio onto the pool device at {@code at}: {@code thin}/{@code thinSector} queued at
     * {@code queued} went to {@code poolSector}; {@code byWorker} when another task than the submitter remapped it.
     */
    public void remap(int thin, long thinSector, long queued, long poolSector, long at, boolean byWorker) {
        long block = poolSector / blockSectors;
        Long preparedAt = prepared.remove(block);
        if (preparedAt != null && byWorker && provisions.size() < MAX_BLOCKS) {
            provisions.add(new Provision(thin, thinSector, queued, block, preparedAt, at));
            keys = null;
        }
    }

    /**
     * A provisioning the remap alone shows, on a pool that does not zero new blocks ({@code skip_block_zeroing}):
     * {@code thin}/{@code thinSector} queued at {@code queued} was remapped by the worker at {@code at} onto the new
     * block at {@code poolSector}. There {@code schedule_zero} (v6.1) calls {@code process_prepared_mapping} at once,
     * so the worker inserts the mapping and remaps the bio in the pass that allocated the block, right after
     * {@code alloc_data_block}: the remap is the block's first record and bounds the take as tightly as a zeroing
     * write does ({@link UnzeroedProvisions} tells which remaps these are).
     */
    public void provisioned(int thin, long thinSector, long queued, long poolSector, long at) {
        if (provisions.size() < MAX_BLOCKS) {
            provisions.add(new Provision(thin, thinSector, queued, poolSector / blockSectors, at, at));
            keys = null;
        }
    }

    /**
     * The pool's own write of {@code sectors} at {@code poolSector} of the pool device (no remap explains it),
     * queued at {@code at}: a whole aligned block is a new block being zeroed or copied into. kcopyd
     * cuts a job larger than its sub-job size (512 KiB by default, {@code DEFAULT_SUB_JOB_SIZE_KB} in
     * dm-kcopyd.c v6.1) into sub-jobs, so a block larger than that is zeroed in pieces of that size, the first at the
     * block's start (t-thin1m: 1 MiB blocks zeroed as two 512 KiB writes): that piece is the block's first record.
     */
    public void ownWrite(long poolSector, long sectors, long at) {
        if ((sectors == blockSectors || blockSectors > KCOPYD_SUB_JOB_SECTORS && sectors == KCOPYD_SUB_JOB_SECTORS)
                && poolSector % blockSectors == 0
                && (prepared.size() < MAX_BLOCKS || prepared.containsKey(poolSector / blockSectors))) {
            prepared.put(poolSector / blockSectors, at); // the latest: an earlier one was for an older allocation
        }
    }

    /**
     * Each provisioning bio's pass key, the take point of its pass (trace time): thin device → sector → pairs
     * {@code (Q, key)} flattened, in Q order.
     */
    public Map<Integer, Map<Long, long[]>> keys() {
        if (keys == null) {
            keys = passKeys();
        }
        return keys;
    }

    private Map<Integer, Map<Long, long[]>> passKeys() {
        List<Provision> inBlockOrder = new ArrayList<>(provisions);
        inBlockOrder.sort((a, b) -> Long.compare(a.block(), b.block()));
        Map<Integer, Map<Long, long[]>> out = new HashMap<>();
        int start = 0;
        long previousTake = Long.MIN_VALUE;
        for (int i = 1; i <= inBlockOrder.size(); i++) {
            if (i == inBlockOrder.size() || startsPass(inBlockOrder, start, i)) {
                long take = Long.MIN_VALUE;
                for (int j = start; j < i; j++) {
                    take = Math.max(take, inBlockOrder.get(j).queued());
                }
                if (take < previousTake) {
                    take = previousTake + 1;
                }
                previousTake = take;
                for (int j = start; j < i; j++) {
                    Provision p = inBlockOrder.get(j);
                    out.computeIfAbsent(p.thin(), d -> new HashMap<>())
                            .merge(p.sector(), new long[] {p.queued(), take}, TimeLists::append);
                }
                start = i;
            }
        }
        out.replaceAll((thin, bySector) -> TimeLists.pairsInQOrder(bySector));
        return out;
    }

    /** Whether the provision at {@code i} cannot belong to the pass that began at {@code start}. */
    private static boolean startsPass(List<Provision> ps, int start, int i) {
        Provision prev = ps.get(i - 1);
        Provision p = ps.get(i);
        for (int j = start; j < i; j++) {
            if (p.queued() >= ps.get(j).allocatedBy()) {
                return true; // queued after the pass allocated a block, so after it took its list
            }
        }
        if (p.thin() == prev.thin()) {
            return p.sector() < prev.sector();
        }
        for (int j = start; j < i; j++) {
            if (ps.get(j).thin() == p.thin()) {
                return true; // the pass went on to another device and this one comes back: a new pass
            }
        }
        return false;
    }

    /** How many provisioning bios were learnt. */
    public int size() {
        return provisions.size();
    }
}
