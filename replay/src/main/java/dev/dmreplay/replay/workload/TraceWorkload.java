package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.SplitRemainders;
import dev.dmreplay.ingest.place.PlacedSource;
import dev.dmreplay.ingest.place.SelectionFilter;
import dev.dmreplay.ingest.place.TraceSelection;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.stack.Machine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bios a trace submitted to the stack from outside it: Q events on the modelled devices that are neither the
 * result of a remap (an A event naming that device and sector) nor the remainder of a split (an X event on that
 * device) — normally the Q events of the top-most DM devices, plus any I/O issued straight to a lower device.
 * When the top devices were not traced, the upper side of the remap (A) events from them is used instead, and
 * Q events straight to lower devices that no remap explains are replayed as usual.
 * For a stack whose targets issue I/O of their own (snapshots: kcopyd copies, metadata, held writes resubmitted
 * by a worker, whole-chunk writes a snapshot submits from the mapping task), {@code Q}s below the top devices
 * without an {@code A} are that I/O: they are not submitted again (the model makes its own) but counted per
 * device, RWBS and issuer ({@code worker} for {@code kworker/*} and other DM threads, else {@code task};
 * {@link #leftToModel()}). Direct I/O of an application to a lower device of such a stack is not replayed. One submitter task per recorded pid; each request is
 * submitted at its recorded time (relative to the trace's first event; scaled in SCALE mode) or later if the
 * task is still blocked; AFAP submits as fast as the per-task queue depth allows.
 *
 * <p>Streaming: the trace is read one event ahead of virtual time (TIMED/SCALE), and in every mode at most
 * {@value #LOOKAHEAD} requests wait in the submitters' queues; with the {@link Admission} bound on the bios in
 * flight, memory grows neither with the trace's length nor with how many bios it submits at one instant. A request
 * read late because the queues were full is counted ({@link #heldByLookahead()}).
 */
public final class TraceWorkload implements Workload {
    static final int LOOKAHEAD = 4096;

    /** Opens the trace (called once per run). */
    @FunctionalInterface
    public interface Opener {
        EventSource open() throws IOException;
    }

    private final Opener opener;
    private final Map<Integer, String> topDevices;
    private final Map<Integer, String> devices;
    /** (device, sector) of remaps whose clone's Q has not come yet: a set, as keys without values. */
    private final OpenLongMap remapped = new OpenLongMap(0);
    /** The devices' numbers, ascending, and their names: looked up per event without boxing the number. */
    private final int[] deviceNos;
    private final String[] deviceNames;
    private final int[] topNos;
    private final ReplayMode mode;
    private final boolean fromRemaps;
    private EventSource source;
    private Machine machine;
    private WorkloadStats stats;
    private final Map<Integer, Submitter> submitters = new LinkedHashMap<>();
    /** Split remainders that may be queued again (only as the splitting task's next Q on that device). */
    private final SplitRemainders remainders = new SplitRemainders();
    private final QueueAccounting accounting = new QueueAccounting();
    /** Process names from the PROCESS notes of the stream (first name wins, as in blkparse). */
    private final Map<Integer, String> comms = new HashMap<>();
    private BlockEvent pending;
    private long origin = Long.MIN_VALUE;
    private SelectionFilter selection = new SelectionFilter(TraceSelection.ALL);
    private java.util.List<PlacedSource.RouteCounts> placed = java.util.List.of();
    private boolean exhausted;
    private int queued;
    private boolean waitingForRoom;
    /** The pump found the queues full and has not caught up with the recorded times since. */
    private boolean held;
    private long requests;
    private boolean leaveWorkerIo;
    private final Map<String, long[]> leftToModel = new java.util.TreeMap<>();
    private Admission admission = Admission.none();
    private long heldByLookahead;

    /**
     * @param topDevices kernel dev_t of each top device in the trace → device name in the machine
     * @param devices    kernel dev_t of every modelled device with a number → name (includes the top devices)
     * @param fromRemaps take the upper side of remap events instead of Q events on the top devices
     */
    public TraceWorkload(Opener opener, Map<Integer, String> topDevices, Map<Integer, String> devices, ReplayMode mode,
                         boolean fromRemaps) {
        this.opener = opener;
        this.topDevices = Map.copyOf(topDevices);
        this.devices = Map.copyOf(devices);
        this.deviceNos = devices.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.deviceNames = new String[deviceNos.length];
        for (int i = 0; i < deviceNos.length; i++) {
            deviceNames[i] = devices.get(deviceNos[i]);
        }
        this.topNos = topDevices.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.mode = mode;
        this.fromRemaps = fromRemaps;
    }

    /** Bounds the top-level bios in flight per top device (see {@link Admission}). Call before the run. */
    public TraceWorkload admission(Admission a) {
        this.admission = a;
        return this;
    }

    public Admission admission() {
        return admission;
    }

    /**
     * Requests handed to their submitter after their recorded time because {@value #LOOKAHEAD} requests were
     * already waiting (TIMED and SCALE modes; in AFAP mode that is the mode's own pacing).
     */
    public long heldByLookahead() {
        return heldByLookahead;
    }

    /**
     * Leaves worker-issued {@code Q}s below the top devices to the model (see the class comment). Call before the
     * run.
     */
    public TraceWorkload leaveWorkerIoToModel(boolean on) {
        this.leaveWorkerIo = on;
        return this;
    }

    /**
     * Submits only the requests {@code sel} keeps ({@code --window}, {@code --sample}); submission times count from
     * the window's start. Call before the run.
     */
    public TraceWorkload select(TraceSelection sel) {
        this.selection = new SelectionFilter(sel);
        return this;
    }

    /**
     * The bios below the top devices that were left to the model: "device\tRWBS\tissuer" → {bios, sectors}, in
     * key order; issuer {@code worker} or {@code task}.
     */
    public Map<String, long[]> leftToModel() {
        return java.util.Collections.unmodifiableMap(leftToModel);
    }

    @Override
    public void start(Machine m, WorkloadStats s) {
        this.machine = m;
        this.stats = s;
        try {
            source = opener.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.kernel.sim.at(0, this::pump);
    }

    @Override
    public boolean exhausted() {
        return exhausted;
    }

    /**
     * What placement did per placed device (requests placed, moved by the fit, truncated to the device), once the
     * trace was read to the end; empty when the trace was not placed.
     */
    public java.util.List<PlacedSource.RouteCounts> placement() {
        return placed;
    }

    /** Where the Q records read so far went. */
    public QueueAccounting accounting() {
        return accounting;
    }

    /** Requests handed to submitters so far. */
    public long requests() {
        return requests;
    }

    private void pump() {
        long now = machine.kernel.sim.now();
        while (true) {
            if (pending == null) {
                pending = nextRelevant();
                if (pending == null) {
                    exhausted = true;
                    close();
                    return;
                }
            }
            if (queued >= LOOKAHEAD) {
                waitingForRoom = true;
                held = true;
                return;
            }
            if (mode.kind() != ReplayMode.Kind.AFAP) {
                long at = mode.submitAt(pending.time() - origin, now);
                if (at > now) {
                    machine.kernel.sim.at(at, this::pump);
                    return;
                }
                if (held && at < now) {
                    heldByLookahead++;
                } else {
                    held = false;
                }
            }
            deliver(pending);
            pending = null;
        }
    }

    private void deliver(BlockEvent e) {
        int dev;
        long sector;
        if (fromRemaps && e.kind() == Action.REMAP) {
            dev = e.remapFromDevice();
            sector = e.remapFromSector();
        } else {
            dev = e.device();
            sector = e.sector();
        }
        int a = e.action();
        Op op = (a & Category.DISCARD) != 0 ? Op.DISCARD : (a & Category.WRITE) != 0 ? Op.WRITE : Op.READ;
        int flags = ((a & Category.FLUSH) != 0 ? Bio.PREFLUSH : 0) | ((a & Category.FUA) != 0 ? Bio.FUA : 0)
                | ((a & Category.AHEAD) != 0 ? Bio.RAHEAD : 0) | ((a & Category.SYNC) != 0 ? Bio.SYNC : 0)
                | ((a & Category.META) != 0 ? Bio.META : 0);
        Submitter s = submitters.get(e.pid());
        if (s == null) {
            // blktrace files: blkparse's read-ahead naming; other sources (text, Parquet store): their notes
            String comm = source instanceof BlktraceSource b ? b.comm(e.pid()) : comms.get(e.pid());
            String name = (comm == null || comm.isEmpty() ? "pid" : comm) + "/" + e.pid();
            s = new Submitter(machine, name, mode, stats, this::consumed, origin, admission);
            submitters.put(e.pid(), s);
        }
        queued++;
        requests++;
        s.offer(new BioRequest(e.time(), deviceName(dev), op, flags, sector, e.sectors()));
    }

    private void consumed() {
        queued--;
        if (waitingForRoom && queued < LOOKAHEAD / 2) {
            waitingForRoom = false;
            machine.kernel.sim.after(0, this::pump);
        }
    }

    private BlockEvent nextRelevant() {
        try {
            BlockEvent e;
            while ((e = source.next()) != null) {
                if (e.isNotify()) {
                    if (e.kind() == Action.NOTIFY_PROCESS) {
                        comms.putIfAbsent(e.pid(), e.text());
                    }
                    continue;
                }
                if (!selection.started()) {
                    selection.saw(e.time());
                    origin = selection.origin();
                }
                Action k = e.kind();
                if (fromRemaps && k == Action.REMAP && isTop(e.remapFromDevice())) {
                    // the top device's bio, seen where DM remapped it; the Q of its clone below is the model's
                    remapped.put(key(e.device(), e.sector()));
                    if (selection.admit(e.time(), e.pid()) == SelectionFilter.Verdict.KEEP) {
                        return e;
                    }
                    continue;
                }
                // (without Q events on the top devices, the other events are read as usual: I/O an application
                // issued straight to a lower device is replayed too)
                if (deviceName(e.device()) == null) {
                    if (k == Action.QUEUE) {
                        accounting.queues++;
                        accounting.skip(QueueAccounting.Skip.UNMODELLED_DEVICE);
                    }
                    continue;
                }
                if (k == Action.SPLIT) {
                    remainders.split(e);
                } else if (k == Action.REMAP) {
                    remapped.put(key(e.device(), e.sector()));
                } else if (k == Action.QUEUE) {
                    accounting.queues++;
                    if (remainders.isRemainder(e)) {
                        accounting.skip(QueueAccounting.Skip.SPLIT_REMAINDER);
                        continue; // the remainder of a split, re-queued: not a new bio
                    }
                    if (remapped.remove(key(e.device(), e.sector()))) {
                        accounting.skip(QueueAccounting.Skip.REMAPPED_CLONE);
                        continue; // a clone the stack produced: the model makes its own
                    }
                    if (leaveWorkerIo && !isTop(e.device())) {
                        long[] c = leftToModel.computeIfAbsent(devices.get(e.device()) + "\t" + rwbs(e.action())
                                + "\t" + (isWorker(e.pid()) ? "worker" : "task"), x -> new long[2]);
                        c[0]++;
                        c[1] += e.sectors();
                        accounting.skip(QueueAccounting.Skip.STACK_OWN_IO);
                        continue; // the stack's own I/O (kcopyd, metadata, held writes): the model makes its own
                    }
                    SelectionFilter.Verdict v = selection.admit(e.time(), e.pid());
                    if (v != SelectionFilter.Verdict.KEEP) {
                        accounting.skip(v == SelectionFilter.Verdict.OUTSIDE_WINDOW
                                ? QueueAccounting.Skip.OUTSIDE_WINDOW : QueueAccounting.Skip.NOT_SAMPLED);
                        continue;
                    }
                    accounting.delivered++;
                    return e;
                }
            }
            return null;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static long who(BlockEvent e) {
        return ((long) e.pid() << 1) | (e.isWrite() ? 1 : 0);
    }

    private boolean isWorker(int pid) {
        String comm = source instanceof BlktraceSource b ? b.comm(pid) : comms.get(pid);
        return comm != null && (comm.startsWith("kworker/") || comm.startsWith("kcopyd") || comm.startsWith("ksnaphd")
                || comm.startsWith("kdmflush"));
    }

    /** blkparse's RWBS letters of a Q: F (preflush), W/R/D, F (FUA), S (sync). */
    private static String rwbs(int a) {
        StringBuilder sb = new StringBuilder(4);
        if ((a & Category.FLUSH) != 0) {
            sb.append('F');
        }
        sb.append((a & Category.DISCARD) != 0 ? 'D' : (a & Category.WRITE) != 0 ? 'W' : 'R');
        if ((a & Category.FUA) != 0) {
            sb.append('F');
        }
        if ((a & Category.SYNC) != 0) {
            sb.append('S');
        }
        return sb.toString();
    }

    /** The name of a modelled device, or null (as {@code devices.get}, without boxing). */
    private String deviceName(int dev) {
        int i = java.util.Arrays.binarySearch(deviceNos, dev);
        return i < 0 ? null : deviceNames[i];
    }

    private boolean isTop(int dev) {
        return java.util.Arrays.binarySearch(topNos, dev) >= 0;
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }

    private void close() {
        if (source instanceof PlacedSource ps) {
            placed = ps.counts();
            accounting.skipUpstream(QueueAccounting.Skip.NOT_PLACED, ps.notPlaced());
            accounting.skipUpstream(QueueAccounting.Skip.SPLIT_REMAINDER, ps.splitRemainders());
        }
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
