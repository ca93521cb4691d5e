package dev.dmreplay.replay.sim;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.observe.AllocMode;
import dev.dmreplay.replay.observe.BioFlag;
import dev.dmreplay.replay.observe.BioRole;
import dev.dmreplay.replay.observe.Facts;
import dev.dmreplay.replay.observe.FreeTo;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.OrderFact;
import dev.dmreplay.replay.observe.ObservationListener;
import dev.dmreplay.replay.observe.ObserveLevel;
import dev.dmreplay.replay.observe.PoolRef;
import dev.dmreplay.replay.observe.RescueMechanism;
import dev.dmreplay.replay.observe.SplitKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The modelled machine: the simulator, every task, the memory-pressure state and the observation listeners.
 * The {@code observe*} methods are the model's typed emit API (one per observation kind and fact, see
 * {@code dev.dmreplay.replay.observe}); they build an observation only when someone listens ({@link #observing()}),
 * so a run without listeners does not allocate per event for them.
 */
public final class Kernel {
    public final Simulator sim;
    public final MemoryPressure pressure;
    private final List<Task> tasks = new ArrayList<>();
    private final List<ObservationListener> listeners = new ArrayList<>();
    private boolean observing;
    /** What is recorded; only the kinds of the level are built ({@link #observe(ObserveLevel)}). */
    private ObserveLevel level = ObserveLevel.ALL;
    /** Per {@link ObservationKind} ordinal: a listener is attached and the level records the kind. */
    private final boolean[] emits = new boolean[ObservationKind.values().length];
    private long nextBioId = 1;
    /**
     * The stall threshold of every command and of scenario files that do not set one: a wait (or a top-level
     * submission) longer than this is a stall. 100 ms is far beyond any healthy mempool refill or device completion
     * a replay sees, yet short enough to show in traces of a few hundred milliseconds.
     */
    public static final String DEFAULT_STALL_THRESHOLD = "100ms";
    public static final long DEFAULT_STALL_THRESHOLD_NS = 100_000_000L;

    private long stallThresholdNs = DEFAULT_STALL_THRESHOLD_NS;
    private long stalls;
    private long longestWaitNs;
    private String longestWait = "";
    private final Map<Class<?>, Object> globals = new IdentityHashMap<>();
    private long progressEvents;

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

    /** The module-wide value of {@code type}, or null when none was set (e.g. a bare kernel in a unit test). */
    public <T> T globalIfSet(Class<T> type) {
        return type.cast(globals.get(type));
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
        refreshEmits();
    }

    /**
     * Records only the kinds {@code l} keeps: the typed {@code observe*} methods build nothing for the others, so a
     * lower level also saves the cost of building the observations it drops.
     */
    public void observe(ObserveLevel l) {
        level = l;
        refreshEmits();
    }

    /** The observation level ({@link ObserveLevel#ALL} unless {@link #observe} said otherwise). */
    public ObserveLevel observeLevel() {
        return level;
    }

    private void refreshEmits() {
        for (ObservationKind k : ObservationKind.values()) {
            emits[k.ordinal()] = observing && level.records(k);
        }
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

    /**
     * Records a progress event as docs/kernel-model.md §9.7 defines it: a bio completing at a device, a mempool
     * allocation succeeding, a lock being acquired, a task leaving a wait because it was woken (not because its
     * polling timeout expired). The run loop turns the gaps between them into the STALL verdict.
     */
    public void progress() {
        progressEvents++;
    }

    /** Progress events so far (see {@link #progress()}). */
    public long progressEvents() {
        return progressEvents;
    }

    /** Waits that ended after more than the stall threshold (a figure, not the STALL verdict). */
    public long stalls() {
        return stalls;
    }

    public long longestWaitNs() {
        return longestWaitNs;
    }

    public String longestWait() {
        return longestWait;
    }

    /**
     * Hands {@code o} to every listener. Build observations only when {@link #observing()} is true (the typed
     * methods below do), so a run without listeners allocates nothing for them.
     */
    public void emit(Observation o) {
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).on(o);
        }
    }

    private Observation at(ObservationKind kind, String task, String device, String resource, Bio b, long value,
                           String detail, Facts facts) {
        return new Observation(sim.now(), kind, task, device, resource, b == null ? 0 : b.id,
                b == null ? 0 : b.sector, b == null ? 0 : b.sectors, value, detail, facts);
    }

    private Observation at(ObservationKind kind, String task, String resource, long bio, long value, String detail,
                           Facts facts) {
        return new Observation(sim.now(), kind, task, null, resource, bio, 0, 0, value, detail, facts);
    }

    /** SUBMIT: the workload submitted top-level {@code bio}; {@code intendedAt} = when the trace says it was issued. */
    public void observeSubmit(Task t, Bio bio, long intendedAt) {
        if (emits[ObservationKind.SUBMIT.ordinal()]) {
            emit(at(ObservationKind.SUBMIT, t.name, bio.dev.name, null, bio, intendedAt, bio.op.name(),
                    Facts.bio(BioRole.TOP_LEVEL, bio.rwbs(), BioFlag.of(bio.flags))));
        }
    }

    /** COMPLETE of a top-level bio at its {@code bi_end_io}: value = latency, status = {@code bi_status}. */
    public void observeTopLevelComplete(Task t, Bio bio, long latencyNs) {
        if (emits[ObservationKind.COMPLETE.ordinal()]) {
            emit(at(ObservationKind.COMPLETE, t.name, bio.dev.name, null, bio, latencyNs,
                    bio.status == 0 ? "top" : "top error " + bio.status, Facts.topLevel(bio.status)));
        }
    }

    /** DISPATCH: leaf {@code device} starts servicing {@code bio}. */
    public void observeLeafDispatch(String device, Bio bio) {
        if (emits[ObservationKind.DISPATCH.ordinal()]) {
            emit(at(ObservationKind.DISPATCH, null, device, null, bio, 0, null, Facts.bio(BioRole.LEAF, bio.rwbs(), BioFlag.of(bio.flags))));
        }
    }

    /**
     * ORDER: leaf {@code device} got {@code bio} below an earlier write of the same task (zone) or below an earlier
     * piece of the same original bio (docs/kernel-model.md §2.6).
     */
    public void observeOutOfOrder(Task t, String device, Bio bio) {
        if (emits[ObservationKind.ORDER.ordinal()]) {
            emit(at(ObservationKind.ORDER, t == null ? null : t.name, device, null, bio, bio.rootId(),
                    OrderFact.OUT_OF_ORDER.detail(), Facts.order(OrderFact.OUT_OF_ORDER)));
        }
    }

    /** ORDER: zoned leaf {@code device} failed a write that was not at its zone's write pointer. */
    public void observeUnalignedWrite(Task t, String device, Bio bio) {
        if (emits[ObservationKind.ORDER.ordinal()]) {
            emit(at(ObservationKind.ORDER, t == null ? null : t.name, device, null, bio, bio.rootId(),
                    OrderFact.UNALIGNED_WRITE.detail(), Facts.order(OrderFact.UNALIGNED_WRITE)));
        }
    }

    /** ORDER: zone write plugging held a write to {@code device} behind the zone's write in flight. */
    public void observeZonePlugged(Task t, String device, Bio bio) {
        if (observing) {
            emit(at(ObservationKind.ORDER, t == null ? null : t.name, device, null, bio, bio.rootId(),
                    OrderFact.ZONE_PLUGGED.detail(), Facts.order(OrderFact.ZONE_PLUGGED)));
        }
    }

    /** DISPATCH of a request that merged several bios: named by its first bio, with the request's range. */
    public void observeLeafDispatch(String device, Bio head, long sector, int sectors) {
        if (emits[ObservationKind.DISPATCH.ordinal()]) {
            emit(new Observation(sim.now(), ObservationKind.DISPATCH, null, device, null, head.id, sector, sectors, 0,
                    null, Facts.bio(BioRole.LEAF, head.rwbs(), BioFlag.of(head.flags))));
        }
    }

    /**
     * COMPLETE at leaf {@code device}, one per bio (a merged request completes each of its bios), with the bio's
     * rwbs: the one observation of every bio a leaf served, so a bio merged into another's request is still seen.
     */
    public void observeLeafComplete(String device, Bio bio) {
        if (emits[ObservationKind.COMPLETE.ordinal()]) {
            emit(at(ObservationKind.COMPLETE, null, device, null, bio, 0, "leaf", Facts.bio(BioRole.LEAF, bio.rwbs())));
        }
    }

    /** REMAP: a target of mapped device {@code device} remapped {@code clone} (of {@code original}) to its lower device. */
    public void observeRemap(Task t, String device, Bio clone, long original, String targetType) {
        if (emits[ObservationKind.REMAP.ordinal()]) {
            emit(at(ObservationKind.REMAP, t.name, device, clone.dev.name, clone, original, targetType,
                    Facts.bio(BioRole.CLONE, clone.rwbs(), BioFlag.of(clone.flags))));
        }
    }

    /**
     * SPLIT of kind {@code k} in {@code device}: {@code bio} and {@code other} as {@link SplitKind} says;
     * {@code bioset} names the bioset the new bio came from (null for a DM piece from {@code md->bs}).
     */
    public void observeSplit(SplitKind k, Task t, String device, String bioset, Bio bio, long other) {
        if (emits[ObservationKind.SPLIT.ordinal()]) {
            emit(at(ObservationKind.SPLIT, t.name, device, bioset, bio, other, k.detail(), Facts.split(k)));
        }
    }

    /** ALLOC: {@code pool} handed an element to bio {@code bio}; {@code reserveLeft} elements stay in the reserve. */
    public void observeAlloc(String task, PoolRef pool, long bio, int reserveLeft) {
        if (emits[ObservationKind.ALLOC.ordinal()]) {
            emit(at(ObservationKind.ALLOC, task, pool.name(), bio, reserveLeft, null, Facts.pool(pool)));
        }
    }

    /** ALLOC_FAIL: a non-sleeping attempt of kind {@code mode} on {@code pool} returned NULL. */
    public void observeAllocFail(String task, PoolRef pool, int reserveLeft, AllocMode mode) {
        if (emits[ObservationKind.ALLOC_FAIL.ordinal()]) {
            emit(at(ObservationKind.ALLOC_FAIL, task, pool.name(), 0, reserveLeft, mode.detail(),
                    Facts.allocFail(pool, mode)));
        }
    }

    /** FREE: the element bio {@code holder} held went back to {@code pool}'s reserve or the slab. */
    public void observeFree(PoolRef pool, long holder, int reserveLeft, FreeTo to) {
        if (emits[ObservationKind.FREE.ordinal()]) {
            emit(at(ObservationKind.FREE, null, pool.name(), holder, reserveLeft, to.detail(), Facts.free(pool, to)));
        }
    }

    /** PUNT: {@code punt_bios_to_rescuer} moved {@code moved} bios to {@code bioset}'s rescue list. */
    public void observePunt(Task t, String bioset, int moved) {
        if (emits[ObservationKind.PUNT.ordinal()]) {
            RescueMechanism m = RescueMechanism.BIOSET_RESCUER;
            emit(at(ObservationKind.PUNT, t.name, bioset, 0, moved, m.moveDetail(), Facts.rescue(m)));
        }
    }

    /**
     * OFFLOAD: mechanism {@code m} moved {@code bios} bios off {@code t}'s {@code bio_list} in mapped device
     * {@code device} to {@code list} (null when they go to their biosets' rescuers).
     */
    public void observeOffload(RescueMechanism m, Task t, String device, String list, long bios) {
        if (emits[ObservationKind.OFFLOAD.ordinal()]) {
            emit(at(ObservationKind.OFFLOAD, t.name, device, list, null, bios, m.moveDetail(), Facts.rescue(m)));
        }
    }

    /** RESCUE: mechanism {@code m} resubmits {@code b} from {@code list}; {@code device} as the mechanism names it. */
    public void observeRescue(RescueMechanism m, Task t, String device, String list, Bio b) {
        if (emits[ObservationKind.RESCUE.ordinal()]) {
            emit(at(ObservationKind.RESCUE, t.name, device, list, b, 0, m.rescueDetail(), Facts.rescue(m)));
        }
    }

    /** DEADLOCK: nothing can make progress; {@code chain} is the wait-for chain as the report prints it. */
    public void observeDeadlock(String chain) {
        if (emits[ObservationKind.DEADLOCK.ordinal()]) {
            emit(at(ObservationKind.DEADLOCK, null, null, 0, 0, chain, Facts.NONE));
        }
    }

    private void emitWait(ObservationKind kind, Task t, Resource r, long value, String detail) {
        emit(at(kind, t.name, r.describe(), 0, value, detail, Facts.pool(r.pool())));
    }

    void observeWaitBegin(Task t, Resource r, String function) {
        if (emits[ObservationKind.WAIT_BEGIN.ordinal()]) {
            emitWait(ObservationKind.WAIT_BEGIN, t, r, 0, function);
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
        if (emits[ObservationKind.WAIT_END.ordinal()]) {
            emitWait(ObservationKind.WAIT_END, t, r, waited, function);
        }
    }

    /** Records a stall (a wait or a submission longer than the threshold). */
    public void noteStall(String task, String resource, String what, long ns) {
        stalls++;
        if (emits[ObservationKind.STALL.ordinal()]) {
            emit(at(ObservationKind.STALL, task, resource, 0, ns, what, Facts.NONE));
        }
    }

    void observeTimeout(Task t, Resource r) {
        if (emits[ObservationKind.TIMEOUT.ordinal()]) {
            emitWait(ObservationKind.TIMEOUT, t, r, 0, "io_schedule_timeout");
        }
    }

    void observeLock(Task t, Resource r, boolean acquired) {
        if (acquired) {
            progress();
        }
        if (emits[ObservationKind.LOCK_ACQUIRE.ordinal()]) {
            emit(at(ObservationKind.LOCK_ACQUIRE, t.name, r.describe(), 0, 0, null, Facts.NONE));
        }
    }
}
