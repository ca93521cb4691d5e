package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.PoolElement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct dm_io}: one original bio (or one piece round in G2/G3) being served by clones. ≤4.15 it is an
 * element of the plain mempool {@code md->io_pool} (this object holds it); ≥4.16 it lives in the front pad of
 * an {@code md->io_bs} bio ({@link #storage}) with an embedded tio.
 */
public final class DmIo extends PoolElement implements dev.dmreplay.replay.block.Servicer {
    public final MappedDevice md;
    public final long id;
    public int status;
    public int ioCount = 1;
    public Bio origBio;
    /** The io_bs bio whose front pad holds this dm_io (G2/G3), or null (io_pool). */
    public Bio storage;
    /** The embedded tio (G2/G3) once handed out, or null. */
    TargetIo embedded;
    boolean embeddedUsed;
    TargetIo liveHead;
    public long start;
    /**
     * Trace replays: a target replays the traced kernel's whole completion path of this bio (dm-crypt's read
     * decryption delay runs from the lower completion to the crypt device's), so the device's learnt completion
     * CPU time ({@link LayerCpu}) is not added again.
     */
    public boolean completionReplayed;
    /** The task still running {@code __split_and_process_bio} for this dm_io (it holds the extra reference). */
    public dev.dmreplay.replay.sim.Task builder;

    DmIo(MappedDevice md, long id) {
        this.md = md;
        this.id = id;
    }

    void link(TargetIo tio) {
        tio.nextLive = liveHead;
        tio.prevLive = null;
        if (liveHead != null) {
            liveHead.prevLive = tio;
        }
        liveHead = tio;
    }

    void unlink(TargetIo tio) {
        if (tio.prevLive != null) {
            tio.prevLive.nextLive = tio.nextLive;
        } else if (liveHead == tio) {
            liveHead = tio.nextLive;
        }
        if (tio.nextLive != null) {
            tio.nextLive.prevLive = tio.prevLive;
        }
        tio.prevLive = tio.nextLive = null;
    }

    /** Clones of this dm_io not yet completed (for wait-for chains). */
    public List<Bio> liveClones() {
        List<Bio> l = new ArrayList<>();
        for (TargetIo t = liveHead; t != null; t = t.nextLive) {
            l.add(t.clone);
        }
        return l;
    }

    @Override
    public String serviceName() {
        return label();
    }

    @Override
    public List<Object> waitsFor() {
        List<Object> l = new ArrayList<>(liveClones());
        if (builder != null) {
            l.add(builder);
        }
        return l;
    }

    @Override
    public String label() {
        return "dm_io #" + id + " of " + md.name + (origBio == null ? "" : " (bio #" + origBio.id + ")");
    }
}
