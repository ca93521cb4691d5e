package dev.dmreplay.replay.sim;

import dev.dmreplay.replay.observe.PoolRef;
import java.util.List;

/**
 * Something a task can sleep on: a lock, a mempool, a wait queue. It names itself and says what has to happen
 * for it to become available (its holders), so that the deadlock detector can walk wait-for chains.
 */
public interface Resource {
    /** Kernel-style name, e.g. {@code "s->lock"} or {@code "mempool md->bs of vg-snap"}. */
    String describe();

    /** What holds this resource: tasks, bios or other {@link Holder}s, in a deterministic order. */
    List<Object> holders();

    /** The mempool this resource is the wait queue of, or null: wait observations on it carry the pool. */
    default PoolRef pool() {
        return null;
    }

    /** True for memory (mempool) waits: they would end if slab allocations started succeeding again. */
    default boolean isMemory() {
        return false;
    }
}
