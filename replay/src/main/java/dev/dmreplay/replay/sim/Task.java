package dev.dmreplay.replay.sim;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel context ({@code current}): a user submitter, a workqueue worker or a kthread. It carries the
 * modelled kernel stack (a stack of {@link Frame}s), {@code current->bio_list} ({@code null} outside
 * {@code generic_make_request}, one list for the V1 form, two lists for the V2 form), the plug callbacks, the
 * locks it holds and what it sleeps on.
 *
 * <p>Sleeping ({@link #sleepOn}) first runs the plug callbacks, as {@code schedule()} does through
 * {@code blk_schedule_flush_plug()} → {@code flush_plug_callbacks()} (v4.11–v5.x): each callback is removed
 * before it runs, so it fires at most once.
 */
public final class Task {
    public enum Kind { USER, KWORKER, KTHREAD }

    public enum State { IDLE, RUNNABLE, RUNNING, BLOCKED }

    private final Kernel kernel;
    public final String name;
    public final Kind kind;
    public final int id;

    private Frame[] stack = new Frame[16];
    private int depth;
    private State state = State.IDLE;

    /** {@code current->bio_list}: null, or one (V1) or two (V2) lists. */
    public BioList[] bioList;

    /** This task's own bio list heads, reused by every outermost generic_make_request call. */
    private BioList[] ownLists;
    /** Scratch lists for the V2 lower/same sort. */
    public BioList scratchLower;
    public BioList scratchSame;

    /**
     * Return slot of functions that hand back a bio ({@code bio_alloc_bioset}, {@code bio_clone_bioset},
     * {@code bio_split}, {@code alloc_tio}): the bio, or null for a failed allocation that may not sleep.
     */
    public Bio retBio;

    private final List<PlugCallback> plugCallbacks = new ArrayList<>(2);
    public final List<Resource> held = new ArrayList<>(2);

    private Resource waitingOn;
    private String waitFunction;
    private long waitSince;
    private int waitToken;
    private int timeoutToken = -1;
    private boolean pollPending;
    private long pollDeadline;
    /** See {@link #issuesOnTracedTimes()}. */
    private boolean issuesOnTracedTimes;
    private long blockedNanos;
    private Runnable onIdle;
    /** CPU time this task may still take before its traced counterpart's next submission ({@link #cpuBudget}). */
    private long cpuBudget = NO_BUDGET;
    /** No bound on {@link #consumeCpu} (every task but a trace's submitter inside a submission). */
    public static final long NO_BUDGET = -1;

    /** A plug callback ({@code struct blk_plug_cb}), e.g. dm_offload's {@code flush_current_bio_list}. */
    public interface PlugCallback {
        void fire(Task t);
    }

    /** The event that runs this task's frames; named so a {@link ModelException} can say which task ran. */
    private final Runnable runEvent = new Runnable() {
        @Override
        public void run() {
            Task.this.run();
        }

        @Override
        public String toString() {
            return "run task " + name;
        }
    };

    Task(Kernel kernel, String name, Kind kind, int id) {
        this.kernel = kernel;
        this.name = name;
        this.kind = kind;
        this.id = id;
    }

    /** The task's reusable {@code bio_list_on_stack} (one or two lists), created on first use. */
    public BioList[] ownBioLists(boolean two) {
        if (ownLists == null || ownLists.length != (two ? 2 : 1)) {
            ownLists = two ? new BioList[] {new BioList("bio_list[0] of " + name, this),
                new BioList("bio_list[1] of " + name, this)} : new BioList[] {new BioList("bio_list of " + name, this)};
            scratchLower = new BioList("bio_list[0] of " + name, this);
            scratchSame = new BioList("bio_list[0] of " + name, this);
        }
        return ownLists;
    }

    public Kernel kernel() {
        return kernel;
    }

    /**
     * Bounds the CPU time the following {@link #consumeCpu} calls may take in all ({@link #NO_BUDGET}: unbounded).
     * A trace's submitter sets it for one submission: the traced task queued its next bio that much later, and
     * {@code submit_bio} runs the whole stack's map path for a bio (and {@code current->bio_list} below it) before
     * it returns, so whatever the kernel's CPU did for this bio fitted in that gap. Modelled CPU times are drawn
     * from the trace's own samples, often of other bios (a thin device's in-line remaps stand for its deferrals);
     * without the bound a burst of bios the kernel queued microseconds apart falls behind its recorded times bio by
     * bio. Waits are not bounded: a task the model blocks stays late.
     */
    public void cpuBudget(long ns) {
        if (ns < NO_BUDGET) {
            throw new IllegalArgumentException("a negative CPU budget: " + ns);
        }
        this.cpuBudget = ns;
    }

    /**
     * Whether a trace replay issues this task's bios at the traced kernel's own submission times (the crypt
     * device's {@code dmcrypt_write}): the CPU time the layers below spend in its context is then the trace's own
     * per bio where it has it, since a drawn one would shift the task's later submissions off the kernel's.
     */
    public boolean issuesOnTracedTimes() {
        return issuesOnTracedTimes;
    }

    public void issuesOnTracedTimes(boolean on) {
        this.issuesOnTracedTimes = on;
    }


    public State state() {
        return state;
    }

    public boolean isBlocked() {
        return state == State.BLOCKED;
    }

    public Resource waitingOn() {
        return waitingOn;
    }

    /** The kernel function the task sleeps in (e.g. {@code mempool_alloc}), or null. */
    public String waitFunction() {
        return waitFunction;
    }

    public long waitSince() {
        return waitSince;
    }

    public long blockedNanos() {
        return blockedNanos;
    }

    /** Called whenever the task runs out of frames (worker returns to its pool, submitter picks more work). */
    public void onIdle(Runnable r) {
        onIdle = r;
    }

    /** Starts running {@code f} as the outermost frame (the task must be idle). */
    public void start(Frame f) {
        if (depth != 0) {
            throw new IllegalStateException(name + " is busy");
        }
        push(f);
        state = State.RUNNABLE;
        kernel.sim.after(0, runEvent);
    }

    /** Pushes a callee frame; the caller returns the result of this method from its {@code step}. */
    public Step call(Frame f) {
        push(f);
        return Step.CALL;
    }

    private void push(Frame f) {
        if (depth == stack.length) {
            stack = java.util.Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = f;
    }

    /** Innermost-first kernel functions on this task's modelled stack. */
    public List<String> backtrace() {
        List<String> out = new ArrayList<>();
        for (int i = depth - 1; i >= 0; i--) {
            out.add(stack[i].function());
        }
        return out;
    }

    public int depth() {
        return depth;
    }

    void run() {
        if (state == State.BLOCKED || state == State.RUNNING) {
            return;
        }
        state = State.RUNNING;
        kernel.sim.running = this;
        while (depth > 0) {
            Frame f = stack[depth - 1];
            Step r = f.step(this);
            if (r == Step.RETURN) {
                stack[--depth] = null;
            } else if (r == Step.SCHEDULE) {
                kernel.sim.running = null;
                return;
            } else if (stack[depth - 1].preemptibleEntry()) {
                // entering a callee: a preemption point (see Schedule); the task stays runnable, no plug flush
                long delay = kernel.sim.schedule().preemptBefore(this, stack[depth - 1]);
                if (delay >= 0) {
                    kernel.sim.running = null;
                    state = State.RUNNABLE;
                    kernel.sim.after(delay, runEvent);
                    return;
                }
            }
        }
        kernel.sim.running = null;
        state = State.IDLE;
        if (onIdle != null) {
            onIdle.run();
        }
    }

    /**
     * Puts the task to sleep on {@code r} inside kernel function {@code function}; returns {@link Step#SCHEDULE}
     * for the frame to return. Plug callbacks run first (schedule() flushes the plug).
     */
    public Step sleepOn(Resource r, String function) {
        // The task is marked sleeping before the plug is flushed, as in the kernel, where prepare_to_wait() sets
        // TASK_UNINTERRUPTIBLE before schedule() -> sched_submit_work() -> blk_flush_plug(): a wake-up that a plug
        // callback causes (it may free the very element the task waits for) makes the task runnable again instead
        // of being lost.
        state = State.BLOCKED;
        waitingOn = r;
        waitFunction = function;
        waitSince = kernel.sim.now();
        waitToken++;
        kernel.observeWaitBegin(this, r, function);
        flushPlugCallbacks();
        return Step.SCHEDULE;
    }

    /**
     * Like {@link #sleepOn} with a timeout ({@code io_schedule_timeout}); the timer is a polling wake-up. A task
     * keeps at most one timer in the event list: a timer that fires early (its sleep ended, a later one began)
     * re-arms itself for the current deadline, so stale timers do not pile up in the event list.
     */
    public Step sleepOnTimeout(Resource r, String function, long timeoutNs) {
        Step res = sleepOn(r, function);
        timeoutToken = waitToken;
        pollDeadline = kernel.sim.now() + timeoutNs;
        if (!pollPending) {
            pollPending = true;
            kernel.sim.pollAfter(timeoutNs, this::pollTimer);
        }
        return res;
    }

    private void pollTimer() {
        pollPending = false;
        if (state != State.BLOCKED || timeoutToken != waitToken) {
            return; // the timed sleep ended (or this sleep has no timeout)
        }
        long now = kernel.sim.now();
        if (now < pollDeadline) {
            pollPending = true;
            kernel.sim.pollAfter(pollDeadline - now, this::pollTimer);
            return;
        }
        kernel.observeTimeout(this, waitingOn);
        wakeUp(false);
    }

    /** Gives up the CPU for {@code ns} of modelled CPU work; other tasks may run meanwhile. */
    public Step consumeCpu(long ns) {
        if (cpuBudget != NO_BUDGET) {
            ns = Math.min(ns, cpuBudget);
            cpuBudget -= ns;
        }
        state = State.RUNNABLE;
        kernel.sim.after(ns + kernel.sim.schedule().cpuJitter(this, ns), runEvent);
        return Step.SCHEDULE;
    }

    /** Makes a sleeping task runnable (a wake-up; the frame re-checks its condition). */
    public void wake() {
        wakeUp(true);
    }

    /** @param progress false for a polling timeout, which re-checks a condition without changing state */
    private void wakeUp(boolean progress) {
        if (state != State.BLOCKED) {
            return;
        }
        if (progress) {
            kernel.progress();
        }
        long waited = kernel.sim.now() - waitSince;
        blockedNanos += waited;
        kernel.observeWaitEnd(this, waitingOn, waitFunction, waited);
        waitingOn = null;
        waitFunction = null;
        state = State.RUNNABLE;
        kernel.sim.after(0, runEvent);
    }

    public void addPlugCallback(PlugCallback cb) {
        plugCallbacks.add(cb);
    }

    public void removePlugCallback(PlugCallback cb) {
        plugCallbacks.remove(cb);
    }

    /** {@code flush_plug_callbacks()}: each callback is unlinked before it runs. */
    public void flushPlugCallbacks() {
        while (!plugCallbacks.isEmpty()) {
            PlugCallback cb = plugCallbacks.remove(0);
            cb.fire(this);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
