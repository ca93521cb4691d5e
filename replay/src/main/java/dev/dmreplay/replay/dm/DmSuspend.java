package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code __dm_suspend()} (drivers/md/dm.c v4.16, flush suspend without lockfs): set
 * {@code DMF_BLOCK_IO_FOR_SUSPEND}, {@code synchronize_srcu} (wait for every task inside {@code dm_make_request},
 * including blocked ones), {@code flush_workqueue(md->wq)} (wait for a running {@code dm_wq_work}), then wait
 * until {@code md->pending} is zero; then {@code DMF_SUSPENDED}. {@link #resume} models {@code dm_resume} →
 * {@code dm_queue_flush}: clear the flag and queue {@code dm_wq_work} to replay {@code md->deferred}.
 */
public final class DmSuspend extends Frame {
    /** __dm_suspend(), v4.16: {@code set_bit(DMF_BLOCK_IO_FOR_SUSPEND, &md->flags)}; new bios are deferred. */
    private static final int BLOCK_IO_FOR_SUSPEND = 0;
    /** __dm_suspend(), v4.16: {@code synchronize_srcu(&md->io_barrier)}, every task out of dm_make_request. */
    private static final int SYNCHRONIZE_SRCU = 1;
    /** __dm_suspend(), v4.16: {@code flush_workqueue(md->wq)}, a running {@code dm_wq_work} has finished. */
    private static final int FLUSH_WORKQUEUE = 2;
    /** __dm_suspend() → dm_wait_for_completion(), v4.16: until {@code md->pending} is zero. */
    private static final int WAIT_FOR_COMPLETION = 3;

    private final MappedDevice md;
    private final WaitQueue flushWait;

    public DmSuspend(MappedDevice md) {
        this.md = md;
        this.flushWait = new WaitQueue("flush_workqueue(" + md.wq.name + ")", this::workers);
    }

    private List<Object> workers() {
        List<Object> l = new ArrayList<>();
        if (md.work.worker() != null) {
            l.add(md.work.worker());
        }
        return l;
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case BLOCK_IO_FOR_SUSPEND -> {
                    md.blockIoForSuspend = true;
                    pc = SYNCHRONIZE_SRCU;
                }
                case SYNCHRONIZE_SRCU -> {
                    md.suspendWait.finishWait(t);
                    if (md.mapping > 0) {
                        return md.suspendWait.sleep(t, "synchronize_srcu");
                    }
                    pc = FLUSH_WORKQUEUE;
                }
                case FLUSH_WORKQUEUE -> {
                    flushWait.finishWait(t);
                    if (md.wq.busy()) {
                        md.wq.whenIdle(flushWait::wakeAll);
                        return flushWait.sleep(t, "flush_workqueue");
                    }
                    pc = WAIT_FOR_COMPLETION;
                }
                case WAIT_FOR_COMPLETION -> {
                    md.suspendWait.finishWait(t);
                    if (md.pending > 0) {
                        return md.suspendWait.sleep(t, "dm_wait_for_completion");
                    }
                    md.suspended = true;
                    return RETURN;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /** {@code dm_resume()}: clear the suspend flags and replay deferred bios on kdmflush. */
    public static void resume(MappedDevice md) {
        md.suspended = false;
        md.blockIoForSuspend = false;
        md.wq.queue(md.work);
    }

    @Override
    public String function() {
        return "__dm_suspend(" + md.name + ")";
    }
}
