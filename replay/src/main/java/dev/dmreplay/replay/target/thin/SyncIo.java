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
 * through the whole model below; the worker sleeps until the last one completes.
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
    private int next;

    SyncIo(ThinPool pool, List<Req> reqs, String what) {
        this.pool = pool;
        this.reqs = reqs;
        this.what = what;
        this.wait = new WaitQueue(what + " of pool " + pool.name, () -> new ArrayList<>(inFlight));
    }

    @Override
    public Step step(Task t) {
        while (next < reqs.size()) {
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
