package dev.dmreplay.replay.target;

import dev.dmreplay.ingest.dm.LinearArgs;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.sim.Task;
import java.util.List;

/**
 * dm-linear ({@code linear_map}, drivers/md/dm-linear.c v4.16): remap to {@code start + (sector - ti->begin)} on
 * the one device; never sleeps; {@code num_{flush,discard,secure_erase,write_same,write_zeroes}_bios = 1}; no
 * {@code max_io_len}.
 */
public final class LinearTarget extends Target {
    private final BlockDevice dev;
    private final long start;

    /** {@code linear_ctr}: {@code <dev> <offset>}. */
    public LinearTarget(TargetContext c, long begin, long len, LinearArgs a) {
        this(begin, len, c.device(a.dev()), a.offset());
    }

    public LinearTarget(long begin, long len, BlockDevice dev, long start) {
        super(begin, len);
        this.dev = dev;
        this.start = start;
        numFlushBios = 1;
        numDiscardBios = 1;
        numSecureEraseBios = 1;
        numWriteSameBios = 1;
        numWriteZeroesBios = 1;
    }

    @Override
    public String type() {
        return "linear";
    }

    @Override
    public List<BlockDevice> devices() {
        return List.of(dev);
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        bio.dev = dev;
        if (bio.sectors > 0) {
            bio.sector = start + offset(bio.sector);
        }
        return DmMapio.REMAPPED;
    }
}
