package dev.dmreplay.replay.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A sleeping mutex with FIFO hand-off ({@code mutex_lock}/{@code mutex_unlock}, kernel/locking/mutex.c as of
 * v4.16; optimistic spinning is not modelled: an uncontended lock does not sleep, a contended one does).
 * Records its owner for wait-for chains.
 */
public final class Mutex implements Resource {
    private final String name;
    private Task owner;
    private final ArrayDeque<Task> waiters = new ArrayDeque<>();

    public Mutex(String name) {
        this.name = name;
    }

    /**
     * {@code mutex_lock()}: returns {@link Step#RETURN} when the lock was taken at once, otherwise
     * sleeps and returns {@link Step#SCHEDULE}; on wake-up the caller owns the lock (hand-off).
     */
    public Step lock(Task t) {
        if (owner == null) {
            owner = t;
            t.held.add(this);
            t.kernel().observeLock(t, this, true);
            return Step.RETURN;
        }
        waiters.addLast(t);
        return t.sleepOn(this, "mutex_lock");
    }

    public void unlock(Task t) {
        if (owner != t) {
            throw new IllegalStateException(t + " unlocks " + name + " owned by " + owner);
        }
        t.held.remove(this);
        Task next = waiters.pollFirst();
        owner = next;
        if (next != null) {
            next.held.add(this);
            next.kernel().observeLock(next, this, true);
            next.wake();
        }
    }

    public Task owner() {
        return owner;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public List<Object> holders() {
        List<Object> l = new ArrayList<>(1);
        if (owner != null) {
            l.add(owner);
        }
        return l;
    }
}
