package dev.dmreplay.replay.sim;

import java.util.function.Supplier;

/**
 * A {@code struct work_struct}. It is never run concurrently with itself: queueing it while it runs marks it to
 * run once more afterwards (kernel/workqueue.c semantics).
 */
public final class WorkItem {
    public enum State { IDLE, PENDING, RUNNING, RUNNING_AND_PENDING }

    public final String name;
    final Supplier<Frame> body;
    State state = State.IDLE;
    Task worker;
    Workqueue wq;
    long runs;

    /** @param body creates the frame of the work function (e.g. {@code dm_wq_work}) for one run */
    public WorkItem(String name, Supplier<Frame> body) {
        this.name = name;
        this.body = body;
    }

    public State state() {
        return state;
    }

    /** The worker currently running this item, or null. */
    public Task worker() {
        return worker;
    }

    public Workqueue workqueue() {
        return wq;
    }

    public long runs() {
        return runs;
    }

    @Override
    public String toString() {
        return name;
    }
}
