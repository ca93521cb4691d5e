package dev.dmreplay.replay.kcopyd;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code dm_kcopyd_notify_fn(read_err, write_err, context)}: the completion callback of a kcopyd job. It always
 * runs on the client's kcopyd worker ({@code run_complete_job} from {@code do_work}), one at a time, so a callback
 * that sleeps (dm-snapshot's {@code pending_complete} taking the snapshot lock and polling for tracked reads, a
 * persistent exception store writing its metadata synchronously) holds up every later job of the client.
 */
@FunctionalInterface
public interface KcopydNotify {
    /**
     * Runs the callback on {@code worker}. Returns null when it finished without sleeping, or a frame the worker
     * runs to completion before it processes the next job (the part of the callback that may sleep).
     *
     * @param readErr  a read of the source failed
     * @param writeErr one bit per destination whose write failed
     */
    Frame notify(Task worker, boolean readErr, long writeErr);
}
