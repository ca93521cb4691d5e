package dev.dmreplay.replay.target;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Task;
import java.util.List;

/**
 * dm-error ({@code io_err_map}, drivers/md/dm-target.c v4.16): every bio is killed ({@code DM_MAPIO_KILL};
 * {@code -EIO} before v4.13). No flush/discard clones ({@code num_*_bios = 0}).
 */
public final class ErrorTarget extends Target {
    public ErrorTarget(long begin, long len) {
        super(begin, len);
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
