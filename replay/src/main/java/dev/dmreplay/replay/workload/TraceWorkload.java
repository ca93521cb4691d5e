package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.place.PlacedSource;
import dev.dmreplay.ingest.place.TraceSelection;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.stack.Machine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

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
 * <p>Streaming: the model takes the picked requests one ahead of virtual time (TIMED/SCALE), and in every mode at
 * most {@value #LOOKAHEAD} requests wait in the submitters' queues; with the {@link Admission} bound on the bios in
 * flight, memory grows neither with the trace's length nor with how many bios it submits at one instant. A request
 * taken late because the queues were full is counted ({@link #heldByLookahead()}). The reading and picking itself
 * ({@link TopLevelFilter}) runs on a thread of its own a few thousand requests ahead ({@link TopLevelFeed}), which
 * changes nothing in the run: it depends on the trace alone. For the same reason the picking can be done while the
 * survey reads the trace, into a temporary file the run reads instead of the trace ({@link TopLevelSpill},
 * {@link #readFrom}): the run then decodes the trace no second time, and is the same.
 */
public final class TraceWorkload implements Workload {
    static final int LOOKAHEAD = 4096;
    /** How far on in a batch the next request of a task is looked for ({@link #nextOfTask}). */
    static final int PLUG_LOOKAHEAD = 64;

    /** Opens the trace (called once per run). */
    @FunctionalInterface
    public interface Opener {
        EventSource open() throws IOException;
    }

    private final Opener opener;
    private final TopLevelFilter.DeviceNames deviceNames;
    /** The picked events recorded while the survey read the trace, read instead of the trace if made for this run. */
    private TopLevelSpill spill;
    private final ReplayMode mode;
    private final boolean fromRemaps;
    private Machine machine;
    private WorkloadStats stats;
    /** One submitter task per recorded pid, by the filter's number for the pid (order of first request). */
    private Submitter[] submitters = new Submitter[16];
    private final QueueAccounting accounting = new QueueAccounting();
    /** The picked events, read on a thread of their own unless {@link #readAhead(boolean)} turned it off. */
    private TopLevelFeed feed;
    private boolean readAhead = true;
    /** The batch being taken from and the position in it; {@code pending} is an index into it, or -1. */
    private TopLevelBatch batch;
    private int next;
    private int pending = -1;
    /** Entries of the batch's stack-own I/O already added to {@link #leftToModel}. */
    private int leftToModelTaken;
    private long origin = Long.MIN_VALUE;
    private TraceSelection selection = TraceSelection.ALL;
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
        this.deviceNames = new TopLevelFilter.DeviceNames(devices, topDevices.keySet());
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
        this.selection = sel;
        return this;
    }

    /**
     * Takes the run's top-level bios from {@code s}, recorded while the survey read the trace, instead of reading
     * and decoding the trace again: used when it is complete and was made for this workload's settings (devices,
     * selection, Q events of the top devices, no stack-own I/O left to the model), which is checked here and
     * again when the run starts; otherwise it is closed and the run reads the trace. The run is the same either
     * way. Call after the other settings, before the run.
     *
     * @return whether the spill will be read
     */
    public boolean readFrom(TopLevelSpill s) {
        dropSpill();
        if (s.complete() && s.madeFor(deviceNames, fromRemaps, leaveWorkerIo, selection)) {
            spill = s;
            return true;
        }
        s.close();
        return false;
    }

    /** Reads the trace itself even if a spill was given ({@link #readFrom}), which is closed. */
    public TraceWorkload dropSpill() {
        if (spill != null) {
            spill.close();
            spill = null;
        }
        return this;
    }

    /** Whether the run will read a spill rather than the trace. */
    public boolean readsSpill() {
        return spill != null;
    }

    /**
     * Whether the trace is read and filtered on a thread of its own, a few thousand events ahead of the model
     * (the default), or by the model's thread when it needs the next event; the run is the same either way. Call
     * before the run.
     */
    public TraceWorkload readAhead(boolean on) {
        this.readAhead = on;
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
        TopLevelFeed.Filler filler;
        if (spill != null && spill.complete() && spill.madeFor(deviceNames, fromRemaps, leaveWorkerIo, selection)) {
            filler = spill.reader();
            spill = null;
        } else {
            dropSpill();
            EventSource source;
            try {
                source = opener.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            filler = new TopLevelFilter(source, deviceNames, fromRemaps, leaveWorkerIo, selection);
        }
        feed = readAhead ? TopLevelFeed.readAhead(filler) : TopLevelFeed.inline(filler);
        m.kernel.sim.at(0, this::pump);
    }

    /** Stops reading the trace: the run is over, whether or not it read the trace to its end. */
    @Override
    public void stop() {
        if (feed != null) {
            feed.stop();
        }
        dropSpill();
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
            if (pending < 0) {
                pending = nextRelevant();
                if (pending < 0) {
                    return; // the end of the trace
                }
            }
            if (queued >= LOOKAHEAD) {
                waitingForRoom = true;
                held = true;
                return;
            }
            if (mode.kind() != ReplayMode.Kind.AFAP) {
                long at = mode.submitAt(batch.times[pending] - origin, now);
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
            pending = -1;
        }
    }

    private void deliver(int i) {
        int a = batch.actions[i];
        long time = batch.times[i];
        Op op = (a & Category.DISCARD) != 0 ? Op.DISCARD : (a & Category.WRITE) != 0 ? Op.WRITE : Op.READ;
        int flags = ((a & Category.FLUSH) != 0 ? Bio.PREFLUSH : 0) | ((a & Category.FUA) != 0 ? Bio.FUA : 0)
                | ((a & Category.AHEAD) != 0 ? Bio.RAHEAD : 0) | ((a & Category.SYNC) != 0 ? Bio.SYNC : 0)
                | ((a & Category.META) != 0 ? Bio.META : 0);
        int n = batch.submitters[i];
        if (n == submitters.length) {
            submitters = java.util.Arrays.copyOf(submitters, n * 2);
        }
        Submitter s = submitters[n];
        if (s == null) {
            // named by the filter when it picked the pid's first request (blkparse's naming at that point)
            s = new Submitter(machine, batch.taskNames[i], mode, stats, this::consumed, origin, admission);
            submitters[n] = s;
        }
        queued++;
        requests++;
        TopLevelBatch in = batch;
        int next = nextOfTask(i);
        if (next < 0 && !batch.ended && batch.error == null && i + 1 + PLUG_LOOKAHEAD > batch.size) {
            // the look-ahead runs past this batch: into the next one (a plug held open across every 1024th bio
            // was finished there, and a writeback's requests went down half full)
            in = feed.peek();
            next = in.error != null ? -1 : indexOfTask(in, batch.submitters[i], 0, i + 1 + PLUG_LOOKAHEAD - batch.size);
        }
        s.offer(new BioRequest(time, batch.devices[i], op, flags, batch.sectors[i], batch.lengths[i],
                next >= 0 && in.intoOpenPlug[next] && ((in.actions[next] & Category.WRITE) != 0
                        || (in.actions[next] & (Category.AHEAD | Category.DISCARD)) == Category.AHEAD),
                next >= 0 ? Math.max(0, in.times[next] - time) : BioRequest.NEXT_UNKNOWN));
    }

    /**
     * The index in the batch of the next request of event {@code i}'s task, looked for in the rest of the batch (at
     * most {@value #PLUG_LOOKAHEAD} events on), or -1. The model takes a request only at its time, so the submitter
     * cannot see the next one when it returns from this one's; two things it needs are known from it: whether it
     * was a write the traced task queued into a plug that still held a request ({@link TracedPlugs}: the plug then
     * stayed open from {@code i}'s submission to that one's), and how long after {@code i} it came (the CPU time
     * {@code i}'s submission may take, {@link BioRequest#nextAfterNs}).
     */
    private int nextOfTask(int i) {
        return indexOfTask(batch, batch.submitters[i], i + 1, i + 1 + PLUG_LOOKAHEAD);
    }

    /** The first index in {@code b} from {@code from} (inclusive) to {@code to} of submitter {@code task}, or -1. */
    private static int indexOfTask(TopLevelBatch b, int task, int from, int to) {
        int end = Math.min(b.size, to);
        for (int j = from; j < end; j++) {
            if (b.submitters[j] == task) {
                return j;
            }
        }
        return -1;
    }

    private void consumed() {
        queued--;
        if (waitingForRoom && queued < LOOKAHEAD / 2) {
            waitingForRoom = false;
            machine.kernel.sim.after(0, this::pump);
        }
    }

    /**
     * The index in {@link #batch} of the next picked event, or -1 at the end of the trace (then {@link #exhausted}
     * is set). The filter's counts are taken as they stood when it picked the event; a read error is thrown here,
     * where reading the trace in line would have thrown it.
     */
    private int nextRelevant() {
        while (batch == null || next == batch.size) {
            if (batch != null && (batch.ended || batch.error != null)) {
                return end();
            }
            batch = feed.take();
            next = 0;
            leftToModelTaken = 0;
        }
        int i = next++;
        accounting.copyFrom(batch.counts, i * QueueAccounting.COUNTERS);
        takeLeftToModel(batch.leftToModelMarks[i]);
        origin = batch.origins[i];
        return i;
    }

    /** The end of the trace, or the read error that ended it, after the last picked event. */
    private int end() {
        takeLeftToModel(batch.leftToModelSize);
        accounting.copyFrom(batch.endCounts, 0);
        if (batch.ended) {
            exhausted = true;
            placed = batch.placed;
        }
        Throwable x = batch.error;
        if (x != null) {
            if (x instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (x instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) x;
        }
        return -1;
    }

    private void takeLeftToModel(int upTo) {
        for (; leftToModelTaken < upTo; leftToModelTaken++) {
            long[] c = leftToModel.computeIfAbsent(batch.leftToModelKeys[leftToModelTaken], x -> new long[2]);
            c[0]++;
            c[1] += batch.leftToModelSectors[leftToModelTaken];
        }
    }
}
