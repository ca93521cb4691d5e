package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.ingest.dm.SnapshotArgs;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.DmEndio;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.Workqueue;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.List;

/**
 * The {@code snapshot} target ({@code snapshot_ctr}, {@code snapshot_map}, {@code snapshot_end_io};
 * drivers/md/dm-snap.c, v4.15 / v5.3+ per {@link Knobs.SnapshotLocking}): {@code <origin> <cow> <P|PO|N> <chunk>}.
 * {@code max_io_len} = chunk size, {@code num_flush_bios} = 1 (flushes go to the COW device).
 *
 * <p>{@code map()} may block (see {@link SnapshotMap}): on the snapshot lock, in {@code alloc_pending_exception},
 * on {@code cow_count} (v5.3+) and in kcopyd's job mempool. {@code end_io} stops tracking a read.
 *
 * <p>Departures: the {@code discard_zeroes_cow}/{@code discard_passdown_origin} features are accepted but
 * discards are not sent to the target ({@code num_discard_bios} stays 0, as without the features); exception
 * handover between two tables of one COW device is not modelled; the target is active from the start (as after
 * {@code snapshot_resume}).
 */
public final class SnapshotTarget extends Target {
    /** {@code DM_CHUNK_SIZE_DEFAULT_SECTORS}: the chunk size of a new persistent store given chunk size 0. */
    public static final long DEFAULT_CHUNK = 32;

    private final DmSnapshot s;

    public SnapshotTarget(TargetContext c, long begin, long len, SnapshotArgs a) {
        super(begin, len);
        BlockDevice origin = c.device(a.origin());
        BlockDevice cow = c.device(a.cow());
        if (origin == cow) {
            throw new IllegalArgumentException("table line " + c.line() + ": COW device cannot be the same as origin "
                    + "device");
        }
        long chunk = a.chunkSectors() == 0 ? DEFAULT_CHUNK : a.chunkSectors();
        Kernel k = c.kernel();
        Knobs knobs = k.globalOrNull(Knobs.class);
        Knobs.SnapshotLocking locking = knobs == null ? Knobs.SnapshotLocking.BUCKET : knobs.snapshotLocking();
        Workqueue rescuer = knobs != null && knobs.dmBiosetRescuer()
                ? new Workqueue(k, "bioset/kcopyd " + c.mdName(), 0) : null;
        this.s = new DmSnapshot(k, c.mdName(), a.merge(), origin, cow, chunk, len, a.persistence(), locking, rescuer);
        maxIoLen = chunk;
        numFlushBios = a.merge() ? 2 : 1;
        if (a.merge()) {
            // snapshot_merge_resume() -> start_merge(): the table is live from time 0
            k.sim.at(0, () -> s.startMerge(k.newTask("dmsetup resume " + c.mdName(), Task.Kind.USER)));
        }
    }

    /**
     * Loads {@code n} exceptions for origin chunks {@code first..} as if the COW device already held them (what
     * {@code snapshot_ctr}'s {@code read_metadata} finds on an existing persistent snapshot); for merges.
     */
    public void preloadExceptions(long first, int n) {
        s.preload(first, n);
    }

    /** The COW device's number (kernel dev_t). */
    public int cowDevno() {
        return s.cow.devno;
    }

    /**
     * Sets the kcopyd worker's lag from a copy finishing to the metadata commit (a persistent store only; see
     * {@code PersistentStore.commitLag}); returns whether the store writes metadata.
     */
    public boolean commitLag(long ns) {
        return commitLag(ns, sector -> -1);
    }

    /** As {@link #commitLag(long)}, with each traced commit's own lag by the COW sector of the write it followed. */
    public boolean commitLag(long ns, java.util.function.LongUnaryOperator own) {
        if (s.store instanceof PersistentStore ps) {
            ps.commitLag(ns, own);
            return true;
        }
        return false;
    }

    /** The snapshot state behind this target. */
    public DmSnapshot snapshot() {
        return s;
    }

    @Override
    public String type() {
        return s.merge ? "snapshot-merge" : "snapshot";
    }

    @Override
    public List<BlockDevice> devices() {
        return List.of(s.origin, s.cow);
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        t.call(s.merge ? new SnapshotMergeMap(s, tio) : new SnapshotMap(s, tio));
        return DmMapio.CALLED;
    }

    /** {@code snapshot_end_io()}: stop tracking the chunk of a read remapped to the origin. */
    @Override
    public DmEndio endIo(TargetIo tio) {
        s.untrack(tio);
        return DmEndio.DONE;
    }

    /** Copies, metadata and held writes come from the snapshot's kcopyd worker. */
    @Override
    public boolean issuesOwnIo() {
        return true;
    }
}
