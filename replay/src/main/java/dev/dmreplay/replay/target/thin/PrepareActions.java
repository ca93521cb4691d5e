package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Task;
import java.util.function.Function;

/**
 * The kcopyd part of a mapping's {@code prepare_actions} count (drivers/md/dm-thin.c v6.1): {@code schedule_copy}
 * of a block that the external origin covers only in part queues two jobs, the copy and the {@code ll_zero} of the
 * block's tail, and {@code copy_complete} of each drops one count; the mapping is prepared
 * ({@code __complete_mapping_preparation} puts it on the prepared list) when the last one completes, with the
 * error of any of them. The quiescing count has no counterpart: nothing reads an unprovisioned block through the
 * pool's shared-read set.
 */
final class PrepareActions {
    private int left;
    private boolean failed;
    private final Function<Boolean, Frame> prepared;

    /** @param jobs how many kcopyd jobs prepare the mapping; {@code prepared} runs after the last one */
    PrepareActions(int jobs, Function<Boolean, Frame> prepared) {
        if (jobs <= 0) {
            throw new IllegalArgumentException("jobs must be positive: " + jobs);
        }
        this.left = jobs;
        this.prepared = prepared;
    }

    /** A job's {@code copy_complete} (a {@code KcopydNotify}). */
    Frame done(Task worker, boolean readErr, long writeErr) {
        failed |= readErr || writeErr != 0;
        return --left == 0 ? prepared.apply(failed) : null;
    }
}
