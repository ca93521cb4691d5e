package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs;

/**
 * {@code dm_make_request()} (drivers/md/dm.c v4.16; {@code dm_submit_bio} ≈v5.15): the suspend gate under the
 * SRCU read lock, then {@code __split_and_process_bio}. With NEIL/HELP and trigger SLEEP a plug callback is
 * installed for the duration of the call.
 */
final class DmMakeRequest extends Frame {
    private final MappedDevice md;
    private final Bio bio;
    private Task.PlugCallback cb;

    DmMakeRequest(MappedDevice md, Bio bio) {
        this.md = md;
        this.bio = bio;
    }

    @Override
    public Step step(Task t) {
        if (pc == 0) {
            if (md.blockIoForSuspend) {
                if (bio.has(Bio.RAHEAD)) {
                    BioOps.ioError(bio);
                } else {
                    md.queueIo(bio);
                }
                return RETURN;
            }
            md.mapping++;
            Knobs k = md.knobs;
            if (k.offloadTrigger() == Knobs.OffloadTrigger.SLEEP
                    && (k.offload() == Knobs.Offload.MD_RESCUED || k.offload() == Knobs.Offload.PER_DEVICE_HELPER)) {
                cb = md.core.new RescueOnSleep(md);
                t.addPlugCallback(cb);
            }
            pc = 1;
            return t.call(SplitAndProcess.of(md, bio));
        }
        if (cb != null) {
            t.removePlugCallback(cb);
        }
        md.mapping--;
        if (md.mapping == 0 && md.suspendWait.hasWaiters()) {
            md.suspendWait.wakeAll();
        }
        return RETURN;
    }

    @Override
    public String function() {
        return "dm_make_request(" + md.name + ")";
    }
}
