package dev.dmreplay.replay.sim;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObservationListener;
import dev.dmreplay.replay.pressure.MemoryPressure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The modelled machine: the simulator, every task, the memory-pressure state and the observation listeners.
 * Observations are only built when someone listens ({@link #observing()}), so a run without listeners does not
 * allocate per event for them.
 */
public final class Kernel {
    public final Simulator sim;
    public final MemoryPressure pressure;
    private final List<Task> tasks = new ArrayList<>();
    private final List<ObservationListener> listeners = new ArrayList<>();
    private boolean observing;
    private long nextBioId = 1;
    private long stallThresholdNs = 1_000_000_000L;
    private long stalls;
    private long longestWaitNs;
    private String longestWait = "";
    private dev.dmreplay.replay.strategy.Knobs knobs;

    public Kernel(long seed, MemoryPressure pressure) {
        this.sim = new Simulator(seed);
        this.pressure = pressure;
        pressure.seed(sim.random("pressure"));
    }

    /**
     * The knobs the machine runs with, for target constructors that follow a kernel era themselves (dm-crypt's
     * {@code crypt_alloc_buffer} form, whether private biosets have a rescuer); null outside a machine.
     */
    public dev.dmreplay.replay.strategy.Knobs knobs() {
        return knobs;
    }

    public void knobs(dev.dmreplay.replay.strategy.Knobs k) {
        this.knobs = k;
    }

    public Task newTask(String name, Task.Kind kind) {
        Task t = new Task(this, name, kind, tasks.size() + 1);
        tasks.add(t);
        return t;
    }

    public List<Task> tasks() {
        return Collections.unmodifiableList(tasks);
    }

    public long nextBioId() {
        return nextBioId++;
    }

    public void addListener(ObservationListener l) {
        listeners.add(l);
        observing = true;
    }

    public List<ObservationListener> listeners() {
        return listeners;
    }

    public boolean observing() {
        return observing;
    }

    public void stallThreshold(long ns) {
        stallThresholdNs = ns;
    }

    public long stallThreshold() {
        return stallThresholdNs;
    }

    /** Waits that ended after more than the stall threshold. */
    public long stalls() {
        return stalls;
    }

    public long longestWaitNs() {
        return longestWaitNs;
    }

    public String longestWait() {
        return longestWait;
    }

    public void emit(ObservationKind kind, String task, String device, String resource, long bio, long sector,
                     int sectors, long value, String detail) {
        if (!observing) {
            return;
        }
        Observation o = new Observation(sim.now(), kind, task, device, resource, bio, sector, sectors, value, detail);
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).on(o);
        }
    }

    void observeWaitBegin(Task t, Resource r, String function) {
        if (observing) {
            emit(ObservationKind.WAIT_BEGIN, t.name, null, r.describe(), 0, 0, 0, 0, function);
        }
    }

    void observeWaitEnd(Task t, Resource r, String function, long waited) {
        if (waited > longestWaitNs) {
            longestWaitNs = waited;
            longestWait = t.name + " in " + function + " on " + r.describe();
        }
        if (waited > stallThresholdNs) {
            noteStall(t.name, r.describe(), function, waited);
        }
        if (observing) {
            emit(ObservationKind.WAIT_END, t.name, null, r.describe(), 0, 0, 0, waited, function);
        }
    }

    /** Records a stall (a wait or a submission longer than the threshold). */
    public void noteStall(String task, String resource, String what, long ns) {
        stalls++;
        if (observing) {
            emit(ObservationKind.STALL, task, null, resource, 0, 0, 0, ns, what);
        }
    }

    void observeTimeout(Task t, Resource r) {
        if (observing) {
            emit(ObservationKind.TIMEOUT, t.name, null, r.describe(), 0, 0, 0, 0, "io_schedule_timeout");
        }
    }

    void observeLock(Task t, Resource r, boolean acquired) {
        if (observing) {
            emit(ObservationKind.LOCK_ACQUIRE, t.name, null, r.describe(), 0, 0, 0, 0, null);
        }
    }
}
