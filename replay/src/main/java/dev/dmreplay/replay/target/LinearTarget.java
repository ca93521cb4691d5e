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
 *
 * <p>Departure from v4.16, following v6.1 (where {@code linear_map} remaps every bio): an empty bio (a preflush)
 * is remapped too, so an empty flush reaches the lower device at {@code start + (sector - ti->begin)}, as real
 * 6.1 traces show ({@code A FWS 2048 + 0} for a table starting at 2048). On the second and later segments of a
 * table the flush clone's sector 0 lies before {@code ti->begin} and the result wraps below zero, as the kernel's
 * {@code sector_t} does (blktrace's sector filter then drops the record). The sector of an empty flush changes
 * nothing in allocation or ordering, only what is observed.
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

    /** The start sector on the lower device ({@code lc->start}). */
    public long start() {
        return start;
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
        bio.sector = start + offset(bio.sector);
        return DmMapio.REMAPPED;
    }
}
