package dev.dmreplay.replay.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A workqueue of kernel/workqueue.c as of v4.x–v6.1 (a work item has been non-reentrant since v3.7)
 * ({@code alloc_workqueue(name, flags, max_active)}): distinct items run concurrently on worker tasks
 * up to {@code maxActive}; one item never runs concurrently with itself. {@code WQ_MEM_RECLAIM} is modelled as
 * "a worker is always available" (workers are created on demand), which is what the rescuer thread guarantees.
 */
public final class Workqueue {
    private final Kernel kernel;
    public final String name;
    private final int maxActive;
    private final ArrayDeque<WorkItem> pending = new ArrayDeque<>();
    private final ArrayDeque<Task> idle = new ArrayDeque<>();
    private int active;
    private int workers;
    private final List<Runnable> flushWaiters = new ArrayList<>();

    public Workqueue(Kernel kernel, String name, int maxActive) {
        this.kernel = kernel;
        this.name = name;
        this.maxActive = maxActive <= 0 ? 256 : maxActive;
    }

    /** {@code queue_work()}: returns false if the item was already pending. */
    public boolean queue(WorkItem w) {
        w.wq = this;
        switch (w.state) {
            case PENDING, RUNNING_AND_PENDING:
                return false;
            case RUNNING:
                w.state = WorkItem.State.RUNNING_AND_PENDING;
                return true;
            default:
                w.state = WorkItem.State.PENDING;
                pending.addLast(w);
                dispatch();
                return true;
        }
    }

    private void dispatch() {
        while (active < maxActive && !pending.isEmpty()) {
            WorkItem w = pending.pollFirst();
            Task worker = idle.pollFirst();
            if (worker == null) {
                workers++;
                worker = kernel.newTask(workers == 1 ? name : name + "#" + workers, Task.Kind.KWORKER);
            }
            active++;
            w.worker = worker;
            Task wk = worker;
            worker.onIdle(() -> finished(w, wk));
            worker.start(new Run(w));
        }
    }

    /** The worker picks the item up: from now on queueing it again means "run once more". */
    private static final class Run extends Frame {
        /** process_one_work(), v4.x–v6.1: {@code set_work_pool_and_clear_pending}, {@code worker->current_func}. */
        private static final int CLEAR_PENDING = 0;
        /** process_one_work(), v4.x–v6.1: {@code worker->current_func(work)} returned. */
        private static final int WORK_FN_RETURNED = 1;

        private final WorkItem w;

        Run(WorkItem w) {
            this.w = w;
        }

        @Override
        public Step step(Task t) {
            if (pc == CLEAR_PENDING) {
                w.state = WorkItem.State.RUNNING;
                pc = WORK_FN_RETURNED;
                return t.call(w.body.get());
            }
            return RETURN;
        }

        @Override
        public String function() {
            return "process_one_work(" + w.name + ")";
        }
    }

    private void finished(WorkItem w, Task worker) {
        active--;
        w.worker = null;
        w.runs++;
        worker.onIdle(null);
        idle.addFirst(worker);
        if (w.state == WorkItem.State.RUNNING_AND_PENDING) {
            w.state = WorkItem.State.PENDING;
            pending.addLast(w);
        } else {
            w.state = WorkItem.State.IDLE;
        }
        dispatch();
        if (active == 0 && pending.isEmpty() && !flushWaiters.isEmpty()) {
            List<Runnable> l = new ArrayList<>(flushWaiters);
            flushWaiters.clear();
            l.forEach(Runnable::run);
        }
    }

    /** True while some item is pending or running. */
    public boolean busy() {
        return active > 0 || !pending.isEmpty();
    }

    /** Runs {@code r} once the workqueue is idle (used by {@code flush_workqueue}). */
    public void whenIdle(Runnable r) {
        if (!busy()) {
            r.run();
        } else {
            flushWaiters.add(r);
        }
    }
}
