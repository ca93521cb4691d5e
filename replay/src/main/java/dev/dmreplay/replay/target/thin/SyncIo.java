package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Synchronous I/O of the pool worker: the bios dm-bufio submits for metadata blocks and waits for
 * ({@code dm_bufio_write_dirty_buffers}, {@code dm_bufio_read}), and the empty flushes
 * ({@code dm_bufio_issue_flush}, {@code blkdev_issue_flush} of the data device before a commit). The bios go
 * through the whole model below; the worker sleeps until the last one completes. Dirty buffers' writes go out
 * under a plug, {@code cpuBetween} ns of the worker's CPU apart ({@code __flush_write_list}, dm-bufio.c v6.1:
 * {@code blk_start_plug}, one {@code submit_io} per buffer, {@code blk_finish_plug}), so adjacent blocks merge
 * into one request as the kernel's did.
 */
final class SyncIo extends Frame {
    /** One bio to issue. */
    record Req(BlockDevice dev, Op op, long sector, int sectors, int flags) {
    }

    private final ThinPool pool;
    private final List<Req> reqs;
    private final String what;
    private final List<Bio> inFlight = new ArrayList<>();
    private final WaitQueue wait;
    private final boolean plugged;
    private final long cpuBetween;
    private int next;
    private boolean cpuSpent;

    SyncIo(ThinPool pool, List<Req> reqs, String what) {
        this(pool, reqs, what, false, 0);
    }

    /** {@code plugged}: the requests go out under one plug, {@code cpuBetween} ns of CPU time apart. */
    SyncIo(ThinPool pool, List<Req> reqs, String what, boolean plugged, long cpuBetween) {
        this.pool = pool;
        this.reqs = reqs;
        this.what = what;
        this.plugged = plugged;
        this.cpuBetween = cpuBetween;
        this.wait = new WaitQueue(what + " of pool " + pool.name, () -> new ArrayList<>(inFlight));
    }

    @Override
    public Step step(Task t) {
        if (plugged && next == 0 && !cpuSpent && !reqs.isEmpty()) {
            reqs.get(0).dev().layer.startPlug(t);
        }
        while (next < reqs.size()) {
            if (next > 0 && cpuBetween > 0 && !cpuSpent) {
                cpuSpent = true; // preempted, not asleep: the plug keeps what it holds
                return t.consumeCpu(cpuBetween);
            }
            cpuSpent = false;
            Req r = reqs.get(next++);
            Bio b = r.dev().layer.newBio();
            b.dev = r.dev();
            b.op = r.op();
            b.sector = r.sector();
            b.sectors = r.sectors();
            b.flags = r.flags();
            b.segments = Math.max(1, r.sectors() / 8);
            b.submitTime = pool.kernel.sim.now();
            b.endIo = done -> {
                inFlight.remove(done);
                if (inFlight.isEmpty()) {
                    wait.wakeAll();
                }
            };
            inFlight.add(b);
            if (Gmr.submit(t, b) == CALL) {
                return CALL;
            }
        }
        if (plugged && !cpuSpent) {
            cpuSpent = true;
            reqs.get(0).dev().layer.finishPlug(t);
        }
        if (!inFlight.isEmpty()) {
            return wait.sleep(t, "wait_for_completion_io");
        }
        return RETURN;
    }

    @Override
    public String function() {
        return what;
    }
}
