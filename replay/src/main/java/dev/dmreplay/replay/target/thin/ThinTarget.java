package dev.dmreplay.replay.target.thin;

import dev.dmreplay.ingest.dm.ThinArgs;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The thin target ({@code thin_ctr}, {@code thin_bio_map} of drivers/md/dm-thin.c v6.1): {@code <pool_dev>
 * <dev_id> [<external_origin_dev>]}. {@code max_io_len} is the pool's block size, one flush and (with discards
 * enabled) one discard bio.
 * The map path, in the submitting task:
 * <ul>
 *   <li>REQ_PREFLUSH/REQ_FUA bios and discards go to the worker ({@code thin_defer_bio_with_throttle});</li>
 *   <li>otherwise the virtual block is detained in a prison cell (a {@code GFP_NOIO} cell allocation, which may
 *       sleep; a bio whose block is already detained waits in that cell), {@code pmd->root_lock} is taken for
 *       reading (sleeps while a commit holds it) and the block is looked up without blocking: mapped and not
 *       shared → remapped to the data device ({@code DM_MAPIO_REMAPPED}); unmapped, shared, or its btree leaf not
 *       in the cache ({@code -EWOULDBLOCK}) → the cell goes to the worker ({@code thin_defer_cell}).</li>
 * </ul>
 * Data bios are remapped to the pool device ({@code tc->pool_dev}), whose {@code pool_map} sends them on to the
 * data device, as the captured 6.1 trace shows. Thin devices start empty ({@code create_thin}) unless the pool was
 * seeded from a {@code thin_dump} ({@link ThinSeeding}); pool messages ({@code create_snap}) are not part of a
 * table, so {@link #snapshotOf} sets up sharing for tests and scenarios.
 *
 * <p>With an external origin ({@link ExternalOrigin}; {@code tc->origin_size} is the origin device's size, as
 * {@code thin_preresume} sets it) the map path is the same: an unprovisioned block goes to the worker, whose
 * {@code process_cell} sends a read there to the origin at the same sector ({@code remap_to_origin_and_issue}) and
 * whose {@code provision_block} copies the origin's block into the new one ({@code schedule_external_copy}). The
 * origin is one of the target's devices and one it issues its own I/O to (the worker's remaps, kcopyd's copy
 * reads).
 */
public final class ThinTarget extends Target {
    private final ThinPool pool;
    private final long devId;
    private final String mdName;
    private final BlockDevice poolDev;
    /** {@code tc->origin_dev} and {@code tc->origin_size}, or null without an external origin. */
    private final ExternalOrigin origin;
    final ArrayDeque<Bio> deferredBios = new ArrayDeque<>();
    final ArrayDeque<PrisonCell> deferredCells = new ArrayDeque<>();

    public ThinTarget(TargetContext c, long begin, long len, ThinArgs a) {
        super(begin, len);
        this.poolDev = c.device(a.pool());
        if (!(poolDev instanceof MappedDevice md) || md.table().targets().isEmpty()
                || !(md.table().targets().get(0) instanceof ThinPoolTarget pt)) {
            throw new IllegalArgumentException("table line " + c.line() + ": " + poolDev.name + " is not a thin-pool");
        }
        this.pool = pt.pool();
        this.devId = a.devId();
        this.mdName = c.mdName();
        if (a.externalOrigin() != null) {
            BlockDevice o = c.device(a.externalOrigin());
            if (o == poolDev) {
                throw new IllegalArgumentException("table line " + c.line() + ": the external origin is the pool"
                        + " device");
            }
            this.origin = new ExternalOrigin(o, o.capacity); // thin_preresume: get_dev_size(origin_dev)
        } else {
            this.origin = null;
        }
        pool.meta.createThin(devId);
        pool.thins.add(this);
        maxIoLen = pool.blockSectors;
        numFlushBios = 1;
        numDiscardBios = pool.discardEnabled ? 1 : 0;
    }

    /** {@code create_snap}: this thin device becomes a snapshot of {@code originId} (shares all its blocks). */
    public void snapshotOf(long originId) {
        pool.meta.createSnap(devId, originId);
    }

    public ThinPool pool() {
        return pool;
    }

    long devId() {
        return devId;
    }

    BlockDevice poolDev() {
        return poolDev;
    }

    /** The external origin, or null. */
    ExternalOrigin origin() {
        return origin;
    }

    String mdName() {
        return mdName;
    }

    long vblock(Bio bio) {
        return offset(bio.sector) / pool.blockSectors;
    }

    @Override
    public String type() {
        return "thin";
    }

    @Override
    public List<BlockDevice> devices() {
        return origin == null ? List.of(poolDev) : List.of(poolDev, origin.dev());
    }

    @Override
    public boolean issuesOwnIo() {
        return true;
    }

    @Override
    public List<BlockDevice> ownIoDevices() {
        // the worker remaps reads of unprovisioned blocks to the origin, and kcopyd reads it for copies
        return devices();
    }

    /** {@code thin_defer_bio}. */
    void deferBio(Bio bio) {
        deferredBios.add(bio);
        pool.stats.deferredFromMap++;
        pool.wakeForDeferred(this, bio, WorkerRunSchedule.NO_PASS);
    }

    /** {@code thin_defer_cell}. */
    void deferCell(PrisonCell c) {
        c.waitingFor = pool.worker;
        c.passKey = pool.passKey(this, c.holder);
        deferredCells.add(c);
        pool.stats.deferredFromMap++;
        pool.wakeForDeferred(this, c.holder, c.passKey);
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        pool.noteMapped(this, bio);
        if (bio.has(Bio.PREFLUSH) || bio.has(Bio.FUA) || bio.op == Op.DISCARD) {
            deferBio(bio);
            return DmMapio.SUBMITTED;
        }
        t.call(new ThinMap(tio));
        return DmMapio.CALLED;
    }

    /** The rest of {@code thin_bio_map}: bio_detain (may sleep for a cell), the non-blocking lookup. */
    private final class ThinMap extends Frame {
        private final TargetIo tio;
        private final Bio bio;
        private final long vblock;
        private PrisonCell cell;

        /** {@code thin_bio_map()} → {@code bio_detain()}, v6.1: {@code dm_bio_prison_alloc_cell(GFP_NOIO)}. */
        private static final int ALLOC_CELL = 0;
        /** {@code bio_detain()}, v6.1: the cell is ours: detain, then {@code down_read(&pmd->root_lock)}. */
        private static final int CELL_ALLOCATED = 1;
        /** {@code thin_bio_map()} → {@code dm_thin_find_block(can_issue_io = 0)}, v6.1: root_lock held. */
        private static final int ROOT_LOCKED = 2;

        ThinMap(TargetIo tio) {
            this.tio = tio;
            this.bio = tio.clone;
            this.vblock = vblock(bio);
        }

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case ALLOC_CELL -> {
                        Mempool.Attempt a = pool.cellPool.tryAlloc(Gfp.NOIO, t.name);
                        pc = CELL_ALLOCATED;
                        if (a == Mempool.Attempt.MUST_SLEEP) {
                            return t.call(pool.cellPool.allocFrame());
                        }
                    }
                    case CELL_ALLOCATED -> {
                        PrisonCell held = pool.detained(ThinTarget.this, vblock);
                        if (held != null) {
                            // the prealloc cell goes straight back; the bio waits in the held cell
                            PrisonCell spare = new PrisonCell(ThinTarget.this, vblock);
                            pool.cellPool.attach(spare, t.name, bio.id);
                            pool.cellPool.free(spare);
                            held.inmates.add(bio);
                            bio.at = held;
                            tio.mapio = DmMapio.SUBMITTED;
                            return RETURN;
                        }
                        cell = new PrisonCell(ThinTarget.this, vblock);
                        pool.imprison(cell, bio, t);
                        pc = ROOT_LOCKED;
                        if (pool.rootLock.downRead(t) != RETURN) {
                            return SCHEDULE;
                        }
                    }
                    case ROOT_LOCKED -> {
                        boolean cached = pool.meta.cached(devId, vblock);
                        ThinMetadata.Lookup l = cached ? pool.meta.lookup(devId, vblock) : null;
                        pool.rootLock.upRead(t);
                        if (!cached || l == null || l.shared()) {
                            deferCell(cell);
                            bio.at = cell;
                            tio.mapio = DmMapio.SUBMITTED;
                            return RETURN;
                        }
                        pool.releaseNoHolder(cell);
                        pool.forgetMapped(bio);
                        pool.remap(ThinTarget.this, bio, l.dataBlock());
                        pool.stats.mapRemaps++;
                        tio.mapio = DmMapio.REMAPPED;
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "thin_bio_map";
        }
    }
}
