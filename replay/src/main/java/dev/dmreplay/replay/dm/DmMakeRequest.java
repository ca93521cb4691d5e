package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs;

/**
 * {@code dm_make_request()} (drivers/md/dm.c v4.16; {@code dm_submit_bio} ≈v5.15): the suspend gate under the
 * SRCU read lock, then {@code __split_and_process_bio}. With NEIL/HELP and trigger SLEEP a plug callback is
 * installed for the duration of the call.
 * <p>With {@code dmZonedSplit} (v6.17+: 2df7168717b7 "dm: Always split write BIOs to zoned device limits" and
 * 675f94057635 "dm: split write BIOs on zone boundaries when zone append is not emulated", both merged for
 * v6.17), {@code dm_split_and_process_bio} first cuts a write to a zoned mapped device that straddles a zone
 * boundary with {@code bio_split_to_limits()} at the device's limits (max_sectors, zone end): the head, from the
 * device's {@code q->bio_split}, is processed, the remainder resubmitted through {@code bio_submit_split()} (to
 * the list head under {@code splitResubmit=HEAD}). For a device that emulates zone append (dm-crypt on a zoned
 * disk) the kernel splits every write this way; the model's zoned targets do not emulate zone append, so only
 * straddling writes are cut.
 */
final class DmMakeRequest extends Frame {
    /** dm_make_request(), v4.16: {@code dm_get_live_table}; the {@code DMF_BLOCK_IO_FOR_SUSPEND} gate. */
    private static final int GET_LIVE_TABLE = 0;
    /** dm_make_request(), v4.16: {@code __split_and_process_bio} returned; {@code dm_put_live_table(md, srcu_idx)}. */
    private static final int PUT_LIVE_TABLE = 1;
    /** dm_split_and_process_bio(), v6.17 (dmZonedSplit): {@code bio_split_to_limits()} returned the head. */
    private static final int ZONED_SPLIT_RETURNED = 2;

    private final MappedDevice md;
    private final Bio bio;
    private Task.PlugCallback cb;
    /** The bio {@code __split_and_process_bio} gets: {@link #bio}, or the head of its entry split. */
    private Bio head;

    DmMakeRequest(MappedDevice md, Bio bio) {
        this.md = md;
        this.bio = bio;
    }

    @Override
    public Step step(Task t) {
        if (pc == GET_LIVE_TABLE) {
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
            head = bio;
            ZonedLimits z = k.dmZonedSplit() ? md.zonedLimits() : ZonedLimits.NOT_ZONED;
            if (bio.op != null && bio.op.isWrite() && !bio.op.abnormal() && z.straddles(bio.sector, bio.sectors)) {
                pc = ZONED_SPLIT_RETURNED;
                return BioOps.split(t, bio, z.splitAt(bio.sector), Gfp.NOIO, md.bioSplit);
            }
            pc = PUT_LIVE_TABLE;
            return t.call(SplitAndProcess.of(md, bio));
        }
        if (pc == ZONED_SPLIT_RETURNED) {
            // bio_split_to_limits: the head is processed, the remainder goes back to this device
            head = t.retBio;
            BioOps.chain(head, bio);
            Gmr.submitSplitRemainder(t, bio);
            pc = PUT_LIVE_TABLE;
            return t.call(SplitAndProcess.of(md, head));
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
