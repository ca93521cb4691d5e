package dev.dmreplay.replay.dm;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.function.Function;

/**
 * What a target constructor ({@code ctr}) may use besides its parsed arguments: the modelled kernel (for
 * workqueues, timers, random sources), the mapped device's name (for naming its lists and work items) and
 * {@code dm_get_device()} (drivers/md/dm-table.c), which resolves a device argument to a device of the stack
 * built so far.
 *
 * @param line    the table line being constructed, as error messages name it ({@code file:line: 'text'})
 * @param devices stack devices by device argument, null for an unknown one
 * @param layer   the block layer (for targets that allocate their own bios and biosets: md raid1, dm-mirror)
 * @param knobs   the strategy's knobs (for targets whose behaviour has eras, e.g. md raid1's resync barrier)
 */
public record TargetContext(Kernel kernel, String mdName, String line, Function<DevRef, BlockDevice> devices,
                            BlockLayer layer, Knobs knobs) {

    /**
     * {@code dm_get_device()}: the stack device a device argument names.
     *
     * @throws TableFormatException naming the table line when the stack has no such device
     */
    public BlockDevice device(DevRef ref) {
        BlockDevice d = devices.apply(ref);
        if (d == null) {
            throw new TableFormatException("table line " + line + ": unknown device '" + ref + "'");
        }
        return d;
    }
}
