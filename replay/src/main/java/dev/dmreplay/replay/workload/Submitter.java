package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import dev.dmreplay.replay.stack.Machine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A user task that submits top-level bios ({@code submit_bio} → {@code generic_make_request}) from its own queue
 * of requests, each at its time (or later if the task was blocked), optionally bounded by a queue depth. A
 * submission that keeps the task inside {@code generic_make_request} longer than the stall threshold counts as a
 * stall. The kernel side is {@code submit_bio()} of block/blk-core.c ({@code generic_make_request} up to v5.8,
 * {@code submit_bio_noacct} from v5.9), with the write plug of {@code blkdev_write_iter()} (block/fops.c v6.1)
 * and the readahead plug of {@code read_pages()} (mm/readahead.c v6.1) when the block layer plugs.
 */
public final class Submitter {
    private final Machine machine;
    public final Task task;
    private final ArrayDeque<BioRequest> queue = new ArrayDeque<>();
    private final ReplayMode mode;
    private final WorkloadStats stats;
    private final Runnable onConsume;
    private final WaitQueue depthWait;
    private int inFlight;
    private final dev.dmreplay.replay.block.InFlightList inFlightSet = new dev.dmreplay.replay.block.InFlightList();
    private boolean running;
    private final long origin;
    private final Admission admission;
    /** When this task last got a bio admitted after waiting for the bound (-1: never). */
    private long lastAdmissionWaitEnd = -1;
    /** The bound each admitted in-flight bio counts against (a target may remap the bio it was given). */
    private final java.util.IdentityHashMap<Bio, Admission.Device> admittedTo = new java.util.IdentityHashMap<>();

    Submitter(Machine machine, String name, ReplayMode mode, WorkloadStats stats, Runnable onConsume, long origin) {
        this(machine, name, mode, stats, onConsume, origin, Admission.none());
    }

    Submitter(Machine machine, String name, ReplayMode mode, WorkloadStats stats, Runnable onConsume, long origin,
              Admission admission) {
        this.admission = admission;
        this.machine = machine;
        this.task = machine.kernel.newTask(name, Task.Kind.USER);
        this.mode = mode;
        this.stats = stats;
        this.onConsume = onConsume;
        this.origin = origin;
        this.depthWait = new WaitQueue("queue depth of " + name, this::inFlightBios);
        task.onIdle(() -> running = false);
    }

    /** The submitted, not yet completed bios: what a queue-depth wait depends on. */
    private List<Object> inFlightBios() {
        return inFlightSet.toList();
    }

    public int queued() {
        return queue.size();
    }

    /** Adds a request and wakes the task if it is idle. */
    public void offer(BioRequest r) {
        queue.addLast(r);
        if (!running) {
            running = true;
            task.start(new SubmitLoop());
        }
    }

    private final class SubmitLoop extends Frame {
        /** Userspace (no kernel line): the next request; wait for a queue-depth slot, then for its time. */
        private static final int NEXT_REQUEST = 0;
        /** submit_bio(), v4.x–v6.1: admission, the bio, {@code blk_start_plug} for a write (fops.c v6.1), submit. */
        private static final int SUBMIT = 1;
        /** submit_bio(), v4.x–v6.1, returned: {@code blk_finish_plug}, how long the task stayed inside. */
        private static final int SUBMIT_RETURNED = 2;
        /** Woken from the queue-depth wait (a tag wait as in {@code blk_mq_get_tag()}, v6.1). */
        private static final int DEPTH_WAIT_WOKEN = 4;
        /** Woken from the wait for the device's admission bound (the model's bound, no kernel line). */
        private static final int ADMISSION_WAIT_WOKEN = 5;

        private BioRequest req;
        private Bio bio;
        /** When the trace says this bio was submitted (scaled in SCALE mode; "when free" in AFAP mode). */
        private long intendedAt;
        /** The request being submitted was followed, in the trace, by a write queued into the same plug. */
        private boolean holdPlug;
        /** The device bound this request waits for, and since when (-1: not waiting). */
        private Admission.Device admitTo;
        private long admitWaitFrom = -1;

        @Override
        public Step step(Task t) {
            long now = machine.kernel.sim.now();
            while (true) {
                switch (pc) {
                    case NEXT_REQUEST -> {
                        if (req == null) {
                            req = queue.pollFirst();
                            if (req == null) {
                                return RETURN;
                            }
                            if (onConsume != null) {
                                onConsume.run();
                            }
                        }
                        if (mode.queueDepth() > 0 && inFlight >= mode.queueDepth()) {
                            pc = DEPTH_WAIT_WOKEN;
                            return depthWait.sleep(t, "blk_mq_get_tag");
                        }
                        long at = mode.submitAt(req.time() - origin, now);
                        intendedAt = at;
                        if (at > now) {
                            pc = SUBMIT;
                            return t.consumeCpu(at - now);
                        }
                        pc = SUBMIT;
                    }
                    case DEPTH_WAIT_WOKEN -> {
                        depthWait.finishWait(t);
                        pc = NEXT_REQUEST;
                    }
                    case ADMISSION_WAIT_WOKEN -> {
                        admitTo.wait.finishWait(t);
                        pc = SUBMIT;
                    }
                    case SUBMIT -> {
                        admitTo = admission.device(req.device());
                        if (admitTo != null) {
                            if (!admitTo.tryAdmit()) {
                                if (admitWaitFrom < 0) {
                                    admitWaitFrom = machine.kernel.sim.now();
                                }
                                pc = ADMISSION_WAIT_WOKEN;
                                return admitTo.wait.sleep(t, "submit_bio");
                            }
                            long at = machine.kernel.sim.now();
                            if (admitWaitFrom >= 0) {
                                lastAdmissionWaitEnd = at;
                                admitWaitFrom = -1;
                            }
                            // late behind a wait for admission (its own or an earlier bio's): the bound shaped it
                            if (lastAdmissionWaitEnd >= 0 && intendedAt <= lastAdmissionWaitEnd && at > intendedAt) {
                                admitTo.waited(at - intendedAt);
                            }
                        }
                        BlockDevice dev = machine.device(req.device());
                        bio = machine.layer.newBio();
                        bio.dev = dev;
                        bio.op = req.op();
                        bio.flags = req.flags();
                        bio.sector = req.sector();
                        bio.sectors = req.sectors();
                        bio.segments = BioOps.segmentsFor(req.sectors());
                        bio.submitTime = machine.kernel.sim.now();
                        bio.endIo = Submitter.this::completed;
                        inFlight++;
                        inFlightSet.add(bio);
                        if (admitTo != null) {
                            admitTo.admitted(bio);
                            admittedTo.put(bio, admitTo);
                        }
                        stats.submitted++;
                        machine.kernel.observeSubmit(t, bio, intendedAt);
                        holdPlug = req.holdPlug();
                        long cpuBudget = req.nextAfterNs() == BioRequest.NEXT_UNKNOWN
                                || mode.kind() == ReplayMode.Kind.AFAP ? Task.NO_BUDGET
                                : mode.submitAt(req.time() + req.nextAfterNs() - origin, 0)
                                        - mode.submitAt(req.time() - origin, 0);
                        req = null;
                        pc = SUBMIT_RETURNED;
                        if (plugged(bio) && machine.layer.plugging()) {
                            // blkdev_write_iter() (block/fops.c v6.1) plugs around the write, read_pages()
                            // (mm/readahead.c) around readahead
                            machine.layer.startPlug(t);
                        }
                        t.cpuBudget(cpuBudget);
                        if (Gmr.submit(t, bio) == CALL) {
                            return CALL;
                        }
                    }
                    case SUBMIT_RETURNED -> {
                        t.cpuBudget(Task.NO_BUDGET);
                        if (!holdPlug || !plugged(bio)) {
                            machine.layer.finishPlug(t);
                        }
                        // else the traced task queued its next write into the plug that still held this one's
                        // request (writeback under generic_writepages' plug, an io_submit batch): it stays plugged,
                        // and blk-mq merges there as the kernel's did (TracedPlugs); sleeping flushes it
                        long took = machine.kernel.sim.now() - bio.submitTime;
                        stats.submitNanos += took;
                        if (took > stats.longestSubmitNanos) {
                            stats.longestSubmitNanos = took;
                        }
                        if (took > machine.kernel.stallThreshold()) {
                            stats.slowSubmissions++;
                            machine.kernel.noteStall(t.name, bio.dev.name, "generic_make_request", took);
                        }
                        bio = null;
                        pc = NEXT_REQUEST;
                        now = machine.kernel.sim.now();
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "submit_bio";
        }
    }

    /**
     * Whether the submitting task plugs around this bio: writes ({@code blkdev_write_iter}) and readahead
     * ({@code read_pages}, whose bios carry {@code REQ_RAHEAD}), whose pieces below a striped or other splitting
     * target then merge per disk in the plug (a 512 KiB readahead over a 2-way stripe of 64 KiB chunks: one
     * request per disk on the 6.1 trace, four without the plug).
     */
    static boolean plugged(Bio bio) {
        return bio.op == Op.WRITE || bio.op == Op.READ && bio.has(Bio.RAHEAD);
    }

    private void completed(Bio bio) {
        inFlight--;
        inFlightSet.remove(bio);
        Admission.Device d = admittedTo.remove(bio);
        if (d != null) {
            d.released(bio);
        }
        stats.completed++;
        if (bio.status != 0) {
            stats.errors++;
        }
        long lat = machine.kernel.sim.now() - bio.submitTime;
        stats.latencyNanos += lat;
        if (lat > stats.maxLatencyNanos) {
            stats.maxLatencyNanos = lat;
        }
        machine.kernel.observeTopLevelComplete(task, bio, lat);
        depthWait.wakeAll();
    }
}
