package dev.dmreplay.replay.target;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.List;

/**
 * dm-zero ({@code zero_map}, drivers/md/dm-zero.c v4.16 and v6.4): reads are zero-filled and ended, writes are
 * dropped and ended, read-ahead and other ops are killed. Discards by era (knob {@code zeroErrorDiscards}): before
 * v6.4 the target sets no {@code num_discard_bios}, so DM fails them with {@code BLK_STS_NOTSUPP}; v6.4
 * (00065f925efb) sets {@code num_discard_bios = 1} and drops them silently.
 */
public final class ZeroTarget extends Target {
    public ZeroTarget(long begin, long len, Knobs.ZeroErrorDiscards discards) {
        super(begin, len);
        numDiscardBios = discards == Knobs.ZeroErrorDiscards.SUPPORTED ? 1 : 0;
    }

    @Override
    public String type() {
        return "zero";
    }

    @Override
    public List<BlockDevice> devices() {
        return List.of();
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        if (bio.op == Op.READ) {
            if (bio.has(Bio.RAHEAD)) {
                return DmMapio.KILL;
            }
        } else if (bio.op != Op.WRITE && bio.op != Op.DISCARD) {
            return DmMapio.KILL;
        }
        BioOps.endio(bio);
        return DmMapio.SUBMITTED;
    }
}
