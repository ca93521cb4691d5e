package dev.dmreplay.replay.sim;

/**
 * The scheduling decisions the simulator leaves open, for schedule exploration: the order of events due at the
 * same virtual time, extra CPU time at yield points, and preemption at points where the kernel may preempt a
 * task. {@link #LOCK_STEP} decides nothing (same-time events in creation order, no jitter, no preemption), which
 * is the one interleaving a run without exploration follows.
 *
 * <p>Preemption points are the entries of modelled kernel functions ({@link Frame} calls): the model keeps
 * spinlock-held sections inside one frame step, so between steps a task is preemptible as under
 * {@code CONFIG_PREEMPT}. A preempted task stays {@code TASK_RUNNING}: {@code __schedule()} is entered with
 * {@code preempt = true} and {@code sched_submit_work()} (which flushes the plug, and with it dm_offload's plug
 * callback) only runs for a task that is going to sleep, so preemption does not fire plug callbacks
 * (kernel/sched/core.c, v4.11-v6.1).
 */
public interface Schedule {
    /** Tie-break key of an event scheduled now; same-time events run in key order, then in creation order. */
    default long tieKey() {
        return 0;
    }

    /** Extra CPU time for a yield of {@code ns} ({@link Task#consumeCpu}). */
    default long cpuJitter(Task t, long ns) {
        return 0;
    }

    /**
     * Whether {@code t} is preempted just before entering {@code callee}; -1 for no, else the delay after which it
     * runs again (0: behind every event already due now). Preempting with delay 0 when no other event is due
     * now ({@link Simulator#othersDueNow()}) is no different from running on.
     */
    default long preemptBefore(Task t, Frame callee) {
        return -1;
    }

    /** True if this schedule may reorder same-time events (the simulator only then keeps tie keys). */
    default boolean reordersTies() {
        return false;
    }

    /** The one interleaving of a plain run. */
    Schedule LOCK_STEP = new Schedule() {
    };
}
