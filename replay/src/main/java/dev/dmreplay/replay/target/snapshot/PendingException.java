package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.EndIo;
import dev.dmreplay.replay.block.PoolElement;
import dev.dmreplay.replay.kcopyd.KcopydJob;

/**
 * {@code struct dm_snap_pending_exception} (drivers/md/dm-snap.c, v4.15–v6.1): a chunk being copied to the COW
 * device. Origin writes wait on {@link #originBios}, snapshot writes on {@link #snapshotBios}; both lists are
 * drained only by the snapshot's kcopyd worker in {@code pending_complete}. Holds an element of the snapshot's
 * {@code pending_pool} (256).
 */
public final class PendingException extends PoolElement {
    final DmSnapshot snap;
    final long oldChunk;
    long newChunk;
    final BioList originBios;
    final BioList snapshotBios;
    boolean started;
    boolean copyError;
    long sequence;
    /** {@code pe->full_bio}, {@code pe->full_bio_end_io}: a whole-chunk write that replaces the copy. */
    Bio fullBio;
    EndIo fullBioEndIo;
    KcopydJob fullBioJob;

    PendingException(DmSnapshot snap, long oldChunk) {
        this.snap = snap;
        this.oldChunk = oldChunk;
        String of = snap == null ? "" : " of snapshot " + snap.name;
        Object drainer = snap == null ? null : snap.kc.work();
        this.originBios = new BioList("pe->origin_bios (chunk " + oldChunk + of + ")", drainer);
        this.snapshotBios = new BioList("pe->snapshot_bios (chunk " + oldChunk + of + ")", drainer);
    }

    public long oldChunk() {
        return oldChunk;
    }

    public long newChunk() {
        return newChunk;
    }

    @Override
    public String label() {
        return "pending exception (chunk " + oldChunk + (snap == null ? "" : " of snapshot " + snap.name) + ")";
    }
}
