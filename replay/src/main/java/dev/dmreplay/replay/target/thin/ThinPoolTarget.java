package dev.dmreplay.replay.target.thin;

import dev.dmreplay.ingest.dm.ThinPoolArgs;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.TargetKnobs;
import java.util.List;

/**
 * The thin-pool target ({@code pool_ctr}, {@code pool_map} of drivers/md/dm-thin.c v6.1): the table line gives
 * the metadata and data devices, the block size, the low-water mark and the feature arguments
 * ({@code skip_block_zeroing}, {@code ignore_discard}, {@code no_discard_passdown}, {@code read_only},
 * {@code error_if_no_space}); the pool itself ({@link ThinPool}) lives as long as this target. Bios sent to the
 * pool device (by the thin targets, and by kcopyd and discard passdown for them) are remapped to the data device
 * unchanged ({@code pool_map}). The pool starts with no mappings unless a {@code thin_dump} of its metadata at
 * trace start seeds it ({@link ThinSeeding}: a bundle's {@code thin-dump-before.xml} or {@code --thin-metadata}).
 */
public final class ThinPoolTarget extends Target {
    private final ThinPool pool;

    public ThinPoolTarget(TargetContext c, long begin, long len, ThinPoolArgs a) {
        super(begin, len);
        Knobs k = c.kernel().globalOrNull(Knobs.class);
        TargetKnobs tk = k == null ? TargetKnobs.DEFAULT : k.targets();
        this.pool = new ThinPool(c.kernel(), c.mdName(), c.device(a.metadata()), c.device(a.data()), len,
                a.blockSectors(), a.lowWaterBlocks(), a.features(), tk.thinCommitPeriodNs(),
                tk.thinMetadataCache() == TargetKnobs.MetadataCache.WARM);
        numFlushBios = 1;
        numDiscardBios = pool.discardEnabled ? 1 : 0;
    }

    public ThinPool pool() {
        return pool;
    }

    @Override
    public String type() {
        return "thin-pool";
    }

    @Override
    public List<BlockDevice> devices() {
        return List.of(pool.metaDev, pool.dataDev);
    }

    @Override
    public boolean issuesOwnIo() {
        return true;
    }

    @Override
    public List<BlockDevice> ownIoDevices() {
        return List.of(pool.metaDev, pool.dataDev);
    }

    @Override
    public List<Mempool> mempools() {
        return pool.mempools();
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        tio.clone.dev = pool.dataDev;
        return DmMapio.REMAPPED;
    }
}
