package dev.dmreplay.replay.sim;

import java.util.SplittableRandom;

/**
 * The discrete-event core: virtual time in nanoseconds and an event list ordered by (time, sequence), the
 * sequence coming from this simulator's own counter. Single-threaded; nothing here reads the wall clock.
 *
 * <p>Events are {@link Runnable}s kept in a binary heap over primitive arrays (no per-event key objects). An
 * event may be marked <em>polling</em>: a wake-up that re-checks a condition without changing state (the 5 s
 * re-poll of {@code mempool_alloc}, {@code msleep} loops). The deadlock detector ignores polling events when it
 * asks whether anything can still make progress ({@link #progressEventsPending()}).
 *
 * <p>Error policy: an event may not be scheduled before the current time (an {@link IllegalArgumentException}
 * names both times); an exception thrown by an event is rethrown as a {@link ModelException} carrying the virtual
 * time, the event and, when a task was running its frames, the task and its modelled kernel stack.
 */
public final class Simulator {

    private long now;
    private long seq;
    private long[] times = new long[256];
    private long[] seqs = new long[256];
    private Runnable[] actions = new Runnable[256];
    private boolean[] polling = new boolean[256];
    private int size;
    private int progressPending;
    private final long seed;
    private long eventsRun;
    /** The task whose frames are running now (set by {@link Task}), for {@link ModelException}. */
    Task running;

    public Simulator(long seed) {
        this.seed = seed;
    }

    public long now() {
        return now;
    }

    public long seed() {
        return seed;
    }

    public long eventsRun() {
        return eventsRun;
    }

    /** A random source for one component, derived from the run seed and the component's name only. */
    public SplittableRandom random(String component) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < component.length(); i++) {
            h = (h ^ component.charAt(i)) * 0x100000001B3L;
        }
        return new SplittableRandom(h);
    }

    /** Schedules {@code action} at virtual time {@code time}, which must not be in the past. */
    public void at(long time, Runnable action) {
        push(checked(time), action, false);
    }

    /** Schedules {@code action} {@code delay} ns from now ({@code delay >= 0}). */
    public void after(long delay, Runnable action) {
        push(checked(now + delay), action, false);
    }

    /** Schedules a polling wake-up: it re-checks a condition and does not count as progress. */
    public void pollAfter(long delay, Runnable action) {
        push(checked(now + delay), action, true);
    }

    private long checked(long time) {
        if (time < now) {
            throw new IllegalArgumentException("event scheduled at " + time + " ns, before the current time " + now
                    + " ns");
        }
        return time;
    }

    public int pending() {
        return size;
    }

    /** Pending events that are not polling wake-ups. */
    public int progressEventsPending() {
        return progressPending;
    }

    /** Time of the next event, or {@code Long.MAX_VALUE} if none. */
    public long nextTime() {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    /** Runs the next event; false if the list is empty. */
    public boolean step() {
        if (size == 0) {
            return false;
        }
        long t = times[0];
        Runnable r = actions[0];
        if (!polling[0]) {
            progressPending--;
        }
        boolean poll = polling[0];
        removeTop();
        now = t;
        eventsRun++;
        try {
            r.run();
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            Task task = running;
            running = null;
            throw new ModelException(t, (poll ? "polling " : "") + describe(r), task, e);
        }
        return true;
    }

    /** A readable name for an event: a task's run says which task; other events their class. */
    private static String describe(Runnable r) {
        String s = r.toString();
        int lambda = s.indexOf("$$Lambda");
        return lambda > 0 ? s.substring(s.lastIndexOf('.', lambda) + 1, lambda) + " callback" : s;
    }

    private void push(long time, Runnable action, boolean poll) {
        if (size == times.length) {
            int n = size * 2;
            times = java.util.Arrays.copyOf(times, n);
            seqs = java.util.Arrays.copyOf(seqs, n);
            actions = java.util.Arrays.copyOf(actions, n);
            polling = java.util.Arrays.copyOf(polling, n);
        }
        long s = seq++;
        int i = size++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (less(time, s, times[p], seqs[p])) {
                set(i, p);
                i = p;
            } else {
                break;
            }
        }
        times[i] = time;
        seqs[i] = s;
        actions[i] = action;
        polling[i] = poll;
        if (!poll) {
            progressPending++;
        }
    }

    private void removeTop() {
        int last = --size;
        long t = times[last];
        long s = seqs[last];
        Runnable a = actions[last];
        boolean p = polling[last];
        actions[last] = null;
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && less(times[c + 1], seqs[c + 1], times[c], seqs[c])) {
                c++;
            }
            if (less(times[c], seqs[c], t, s)) {
                set(i, c);
                i = c;
            } else {
                break;
            }
        }
        if (size > 0) {
            times[i] = t;
            seqs[i] = s;
            actions[i] = a;
            polling[i] = p;
        }
    }

    private void set(int to, int from) {
        times[to] = times[from];
        seqs[to] = seqs[from];
        actions[to] = actions[from];
        polling[to] = polling[from];
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
