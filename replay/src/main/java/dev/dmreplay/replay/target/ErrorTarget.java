package dev.dmreplay.replay.target;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.List;

/**
 * dm-error ({@code io_err_map}, drivers/md/dm-target.c v4.16 and v6.4): every bio is killed ({@code DM_MAPIO_KILL};
 * {@code -EIO} before v4.13). No flush clones. Discards by era (knob {@code zeroErrorDiscards}): before v6.4 no
 * discard clones, so DM fails them with {@code BLK_STS_NOTSUPP}; v6.4 (b6bcb8444681) sets
 * {@code num_discard_bios = 1} and the clone is killed like any other bio ({@code BLK_STS_IOERR}).
 */
public final class ErrorTarget extends Target {
    public ErrorTarget(long begin, long len, Knobs.ZeroErrorDiscards discards) {
        super(begin, len);
        numDiscardBios = discards == Knobs.ZeroErrorDiscards.SUPPORTED ? 1 : 0;
    }

    @Override
    public String type() {
        return "error";
    }

    @Override
    public List<BlockDevice> devices() {
        return List.of();
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        return DmMapio.KILL;
    }
}
