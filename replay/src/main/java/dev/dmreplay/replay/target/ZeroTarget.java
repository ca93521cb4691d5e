package dev.dmreplay.replay.target;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Task;
import java.util.List;

/**
 * dm-zero ({@code zero_map}, drivers/md/dm-zero.c v4.16): reads are zero-filled and ended, writes are dropped and
 * ended, read-ahead and other ops are killed; {@code num_discard_bios = 1} (discards silently dropped).
 */
public final class ZeroTarget extends Target {
    public ZeroTarget(long begin, long len) {
        super(begin, len);
        numDiscardBios = 1;
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
