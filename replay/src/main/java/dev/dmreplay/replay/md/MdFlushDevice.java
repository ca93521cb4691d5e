package dev.dmreplay.replay.md;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal md-like device for scenario S6: it allows one flush at a time, as {@code md_flush_request()} in
 * drivers/md/md.c v2.6.37 does ({@code wait_event(mddev->sb_wait, !mddev->flush_bio)}, then
 * {@code submit_flushes()}: one empty flush per member, {@code md_end_flush} counting them down and
 * {@code md_submit_flush_data} on {@code md_wq} ending the flush and waking the next one). Without the fix
 * md's flush fix ("md: fix possible deadlock in handling flush requests", v2.6.37) the member flushes are submitted from the caller (so they queue on its {@code bio_list});
 * with {@code mdFlushFix} they are submitted from {@code md_wq}. Data bios pass through to the first member.
 */
public final class MdFlushDevice extends BlockDevice implements dev.dmreplay.replay.block.Servicer {
    private final List<BlockDevice> members;
    private final boolean flushFix;
    private Bio flushBio;
    private int flushPending;
    private final List<Bio> memberFlushes = new ArrayList<>();
    private final WaitQueue sbWait;
    private final Workqueue mdWq;
    private final WorkItem submitFlushesWork;
    private final WorkItem flushDataWork;

    public MdFlushDevice(BlockLayer layer, String name, int devno, long capacity, List<BlockDevice> members,
                         boolean flushFix) {
        super(layer, name, devno, capacity);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("md device " + name + " needs members");
        }
        this.members = List.copyOf(members);
        this.flushFix = flushFix;
        this.sbWait = new WaitQueue("mddev->sb_wait (flush_bio) of " + name, this::flushHolder);
        this.mdWq = new Workqueue(layer.kernel, "md_wq", 0);
        this.submitFlushesWork = new WorkItem("submit_flushes(" + name + ")", SubmitFlushes::new);
        this.flushDataWork = new WorkItem("md_submit_flush_data(" + name + ")", FlushData::new);
    }

    private List<Object> flushHolder() {
        List<Object> l = new ArrayList<>();
        if (flushBio != null) {
            l.add(flushBio);
        }
        return l;
    }

    public List<BlockDevice> members() {
        return members;
    }

    @Override
    public Step makeRequest(Task t, Bio bio) {
        if (bio.has(Bio.PREFLUSH)) {
            return t.call(new FlushRequest(bio));
        }
        bio.dev = members.get(0);
        Gmr.submit(t, bio);
        return Step.RETURN;
    }

    /** {@code md_flush_request()} (v2.6.37). */
    private final class FlushRequest extends Frame {
        /** md_flush_request(), v2.6.37: {@code wait_event_lock_irq(mddev->sb_wait, !mddev->flush_bio)}, first test. */
        private static final int WAIT_FOR_FLUSH_SLOT = 0;
        /** md_flush_request(), v2.6.37: woken on {@code mddev->sb_wait}; test {@code mddev->flush_bio} again. */
        private static final int SB_WAIT_WOKEN = 1;
        /** md_flush_request(), v2.6.37: {@code submit_flushes()} run in the caller (no mdFlushFix) returned. */
        private static final int SUBMIT_FLUSHES_RETURNED = 2;

        private final Bio bio;

        FlushRequest(Bio bio) {
            this.bio = bio;
        }

        @Override
        public Step step(Task t) {
            if (pc == WAIT_FOR_FLUSH_SLOT || pc == SB_WAIT_WOKEN) {
                if (pc == SB_WAIT_WOKEN) {
                    sbWait.finishWait(t);
                }
                if (flushBio != null) {
                    pc = SB_WAIT_WOKEN;
                    return sbWait.sleep(t, "md_flush_request");
                }
                flushBio = bio;
                bio.at = MdFlushDevice.this;
                memberFlushes.clear();
                flushPending = 1;
                if (flushFix) {
                    mdWq.queue(submitFlushesWork);
                    return RETURN;
                }
                pc = SUBMIT_FLUSHES_RETURNED;
                return t.call(new SubmitFlushes());
            }
            if (--flushPending == 0) {
                mdWq.queue(flushDataWork);
            }
            return RETURN;
        }

        @Override
        public String function() {
            return "md_flush_request(" + name + ")";
        }
    }

    /** {@code submit_flushes()}: one empty flush per member; each counts in {@code flush_pending}. */
    private final class SubmitFlushes extends Frame {
        private int i;

        @Override
        public Step step(Task t) {
            while (i < members.size()) {
                Bio bi = layer.newBio();
                bi.dev = members.get(i++);
                bi.op = Op.WRITE;
                bi.flags = Bio.PREFLUSH | Bio.SYNC;
                bi.endIo = MdFlushDevice.this::endFlush;
                bi.submitTime = layer.kernel.sim.now();
                flushPending++;
                memberFlushes.add(bi);
                if (Gmr.submit(t, bi) == CALL) {
                    return CALL;
                }
            }
            if (flushFix) {
                // the work-queued variant drops the initial reference itself
                if (--flushPending == 0) {
                    mdWq.queue(flushDataWork);
                }
            }
            return RETURN;
        }

        @Override
        public String function() {
            return "submit_flushes(" + name + ")";
        }
    }

    /** {@code md_end_flush()} (completion context). */
    private void endFlush(Bio bi) {
        memberFlushes.remove(bi);
        if (--flushPending == 0) {
            mdWq.queue(flushDataWork);
        }
    }

    /** {@code md_submit_flush_data()}: end an empty flush, pass data on, release the flush slot. */
    private final class FlushData extends Frame {
        /** md_submit_flush_data(), v2.6.37: release {@code mddev->flush_bio}, end the flush or pass its data on. */
        private static final int SUBMIT_FLUSH_DATA = 0;
        /** md_submit_flush_data(), v2.6.37: {@code generic_make_request()} of the data part returned. */
        private static final int DATA_SUBMITTED = 1;

        @Override
        public Step step(Task t) {
            if (pc == SUBMIT_FLUSH_DATA) {
                Bio bio = flushBio;
                flushBio = null;
                sbWait.wakeAll();
                pc = DATA_SUBMITTED;
                bio.at = null;
                if (bio.sectors == 0) {
                    BioOps.endio(bio);
                    return RETURN;
                }
                bio.flags &= ~Bio.PREFLUSH;
                bio.dev = members.get(0);
                return Gmr.submit(t, bio) == CALL ? CALL : RETURN;
            }
            return RETURN;
        }

        @Override
        public String function() {
            return "md_submit_flush_data(" + name + ")";
        }
    }

    @Override
    public String serviceName() {
        return "md flush in progress on " + name;
    }

    @Override
    public List<Object> waitsFor() {
        if (!memberFlushes.isEmpty()) {
            return new ArrayList<>(memberFlushes);
        }
        // member flushes done: md_submit_flush_data is pending on md_wq
        return List.of(flushDataWork);
    }

    /** The flush bio holding the flush slot, if any. */
    public Bio flushInProgress() {
        return flushBio;
    }
}
