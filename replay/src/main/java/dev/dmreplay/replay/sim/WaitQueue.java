package dev.dmreplay.replay.sim;

import dev.dmreplay.replay.observe.PoolRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A wait queue for {@code wait_event(wq, condition)}: sleepers re-check their condition when woken
 * ({@code wake_up} wakes all, non-exclusive). The owner supplies who can make the condition true, for the
 * wait-for chains.
 */
public final class WaitQueue implements Resource {
    private final String name;
    private final List<Task> waiters = new ArrayList<>();
    private final Supplier<List<Object>> holders;
    private final PoolRef pool;

    public WaitQueue(String name, Supplier<List<Object>> holders) {
        this(name, holders, null);
    }

    /** The wait queue of mempool {@code pool} (a memory wait). */
    public WaitQueue(String name, Supplier<List<Object>> holders, PoolRef pool) {
        this.name = name;
        this.holders = holders;
        this.pool = pool;
    }

    /** Adds {@code t} as a waiter and puts it to sleep in {@code function}. */
    public Step sleep(Task t, String function) {
        waiters.add(t);
        return t.sleepOn(this, function);
    }

    /** Like {@link #sleep} with an {@code io_schedule_timeout()}-style polling timeout. */
    public Step sleepTimeout(Task t, String function, long timeoutNs) {
        waiters.add(t);
        return t.sleepOnTimeout(this, function, timeoutNs);
    }

    /** Removes a waiter that woke (by wake-up or timeout). */
    public void finishWait(Task t) {
        waiters.remove(t);
    }

    /** {@code wake_up()}: wakes every sleeper, in the order they went to sleep. */
    public void wakeAll() {
        if (waiters.isEmpty()) {
            return;
        }
        List<Task> copy = new ArrayList<>(waiters);
        waiters.clear();
        for (Task t : copy) {
            t.wake();
        }
    }

    public boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    public int waiters() {
        return waiters.size();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public List<Object> holders() {
        return holders.get();
    }

    @Override
    public boolean isMemory() {
        return pool != null;
    }

    @Override
    public PoolRef pool() {
        return pool;
    }
}
