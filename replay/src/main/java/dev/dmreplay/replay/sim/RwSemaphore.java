package dev.dmreplay.replay.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-write semaphore ({@code down_read}/{@code down_write}/{@code up_read}/{@code up_write}) with writer
 * preference: a reader sleeps while a writer holds or waits. Waiters are granted in FIFO order (a run of
 * readers at the head is granted together). Records holders for wait-for chains.
 */
public final class RwSemaphore implements Resource {
    private final String name;
    private Task writer;
    private final List<Task> readers = new ArrayList<>();
    private final ArrayDeque<Task> waiters = new ArrayDeque<>();
    private final ArrayDeque<Boolean> waiterIsWriter = new ArrayDeque<>();

    public RwSemaphore(String name) {
        this.name = name;
    }

    /** Returns {@link Step#RETURN} if taken at once, else {@link Step#SCHEDULE} (the lock is held on wake-up). */
    public Step downRead(Task t) {
        if (writer == null && waiters.isEmpty()) {
            readers.add(t);
            t.held.add(this);
            return Step.RETURN;
        }
        waiters.addLast(t);
        waiterIsWriter.addLast(false);
        return t.sleepOn(this, "down_read");
    }

    public Step downWrite(Task t) {
        if (writer == null && readers.isEmpty()) {
            writer = t;
            t.held.add(this);
            return Step.RETURN;
        }
        waiters.addLast(t);
        waiterIsWriter.addLast(true);
        return t.sleepOn(this, "down_write");
    }

    public void upRead(Task t) {
        readers.remove(t);
        t.held.remove(this);
        grant();
    }

    public void upWrite(Task t) {
        if (writer != t) {
            throw new IllegalStateException(t + " up_write on " + name + " held by " + writer);
        }
        writer = null;
        t.held.remove(this);
        grant();
    }

    private void grant() {
        while (!waiters.isEmpty() && writer == null) {
            boolean w = waiterIsWriter.peekFirst();
            if (w) {
                if (!readers.isEmpty()) {
                    return;
                }
                Task t = waiters.pollFirst();
                waiterIsWriter.pollFirst();
                writer = t;
                t.held.add(this);
                t.wake();
                return;
            }
            Task t = waiters.pollFirst();
            waiterIsWriter.pollFirst();
            readers.add(t);
            t.held.add(this);
            t.wake();
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public List<Object> holders() {
        List<Object> l = new ArrayList<>();
        if (writer != null) {
            l.add(writer);
        }
        l.addAll(readers);
        return l;
    }
}
