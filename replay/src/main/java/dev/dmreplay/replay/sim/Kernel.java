package dev.dmreplay.replay.sim;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObservationListener;
import dev.dmreplay.replay.pressure.MemoryPressure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
    private final Map<Class<?>, Object> globals = new IdentityHashMap<>();

    public Kernel(long seed, MemoryPressure pressure) {
        this.sim = new Simulator(seed);
        this.pressure = pressure;
        pressure.seed(sim.random("pressure"));
    }

    /**
     * Module-wide state of the modelled kernel, one instance per machine, created on first use: what the kernel
     * keeps in a module's statics (dm-snapshot's {@code _origins} hash and {@code _origins_lock}) or what every
     * part of the machine consults (the strategy's knobs). Looked up by type only, so iteration order never
     * matters.
     */
    public <T> T global(Class<T> type, Supplier<T> create) {
        Object o = globals.get(type);
        if (o == null) {
            o = create.get();
            globals.put(type, o);
        }
        return type.cast(o);
    }

    /** Sets (or replaces) a module-wide value; see {@link #global}. */
    public <T> void setGlobal(Class<T> type, T value) {
        globals.put(type, value);
    }

    /** A module-wide value, or null when none was set or created. */
    public <T> T globalOrNull(Class<T> type) {
        return type.cast(globals.get(type));
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
