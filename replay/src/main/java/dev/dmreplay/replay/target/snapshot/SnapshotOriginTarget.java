package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.ingest.dm.SnapshotOriginArgs;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Task;
import java.util.List;

/**
 * The {@code snapshot-origin} target ({@code origin_ctr}, {@code origin_map}; drivers/md/dm-snap.c, v4.15–v6.1):
 * {@code <origin>}. Reads and flushes go straight to the origin device. A write is cut at the smallest chunk size
 * of the origin's snapshots ({@code split_boundary}, {@code dm_accept_partial_bio}; DM core maps the rest as the
 * next piece) and handed to {@code do_origin()} ({@link DoOrigin}), which may hold it on a pending exception until
 * the chunk has been copied to every snapshot that needs it; kcopyd resubmits it then.
 *
 * <p>{@code map()} may block in {@code do_origin}: {@code _origins_lock}, each snapshot's lock,
 * {@code alloc_pending_exception}, {@code cow_count} (v5.3+), kcopyd's job mempool.
 */
public final class SnapshotOriginTarget extends Target {
    private final BlockDevice dev;
    private final Origins origins;

    public SnapshotOriginTarget(TargetContext c, long begin, long len, SnapshotOriginArgs a) {
        super(begin, len);
        this.dev = c.device(a.origin());
        this.origins = c.kernel().global(Origins.class, Origins::new);
        numFlushBios = 1;
    }

    @Override
    public String type() {
        return "snapshot-origin";
    }

    @Override
    public List<BlockDevice> devices() {
        return List.of(dev);
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        bio.dev = dev;
        if (bio.has(Bio.PREFLUSH) || !bio.op.isWrite()) {
            return DmMapio.REMAPPED;
        }
        long boundary = origins.minimumChunk(dev);
        if (boundary > 0) {
            long available = boundary - (bio.sector % boundary);
            if (bio.sectors > available) {
                tio.acceptPartial((int) available);
            }
        }
        t.call(new DoOrigin(origins, dev, bio, tio));
        return DmMapio.CALLED;
    }

    /** Copies, metadata and held writes come from the snapshot's kcopyd worker. */
    @Override
    public boolean issuesOwnIo() {
        return true;
    }
}
