package dev.dmreplay.replay.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A counting semaphore ({@code down}/{@code up}, kernel/locking/semaphore.c), FIFO hand-off. */
public final class Semaphore implements Resource {
    private final String name;
    private int count;
    private final ArrayDeque<Task> waiters = new ArrayDeque<>();
    private final List<Task> holders = new ArrayList<>();

    public Semaphore(String name, int count) {
        this.name = name;
        this.count = count;
    }

    /** {@code down()}: {@link Step#RETURN} if taken at once, else {@link Step#SCHEDULE} (taken on wake-up). */
    public Step down(Task t) {
        if (count > 0) {
            count--;
            holders.add(t);
            return Step.RETURN;
        }
        waiters.addLast(t);
        return t.sleepOn(this, "down");
    }

    /** {@code up()}: may be called from completion context, so the releaser is not checked. */
    public void up(Task releasedBy) {
        holders.remove(releasedBy);
        Task next = waiters.pollFirst();
        if (next != null) {
            holders.add(next);
            next.wake();
        } else {
            count++;
        }
    }

    public int count() {
        return count;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public List<Object> holders() {
        return new ArrayList<>(holders);
    }
}
