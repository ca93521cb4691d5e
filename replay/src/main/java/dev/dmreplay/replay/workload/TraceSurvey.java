package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.TraceServiceModel;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One streaming pass over a trace before a replay: which devices appear, how many top-level Q and remap events
 * there are, and each device's D2C (dispatch to completion) times by op and size for the trace-driven service
 * model, with the largest number of dispatched-but-uncompleted requests seen (its queue depth). Memory is bounded
 * by the requests in flight at any time.
 */
public final class TraceSurvey {
    /** Per-device findings, keyed by kernel dev_t in ascending order. */
    public final Map<Integer, DeviceSurvey> devices = new TreeMap<>();
    public long topQueues;
    public long topRemaps;
    public long firstTime = Long.MIN_VALUE;
    public long lastTime;

    /** What the trace shows about one device. */
    public static final class DeviceSurvey {
        public long queues;
        public long completions;
        public int maxInFlight;
        int inFlight;
        /**
         * The largest number of its Q records not yet answered by a C record (a running count, not a match by
         * sector: memory stays flat whatever the trace holds), and the C records seen. For a bio-based DM device,
         * which has no D records, this is the recorded in-flight count of its bios; split remainders queued again
         * only make it larger.
         */
        public int maxQueuedInFlight;
        long queuedInFlight;
        public long completionRecords;
        public final TraceServiceModel.Builder d2c = new TraceServiceModel.Builder();
        /**
         * Q→D times of the device's requests (queue to dispatch: the submitting CPU's work in the block layer and
         * driver, and time on a plug), by op and size, for requests whose D has the sector of a Q and that were
         * queued while nothing was in flight on the device: waiting for a tag is modelled by the leaf's queue
         * depth, so a busy device's Q→D would count it twice. A Q whose bio merged ({@code M}/{@code F}) or that a
         * later Q at the same sector superseded is forgotten: it has no D of its own.
         */
        public final TraceServiceModel.Builder q2d = new TraceServiceModel.Builder();
        /**
         * Of a mapped device: its Q to the first A it causes (the CPU time of {@code dm_submit_bio} up to the
         * remap), and the last lower C before its own C (the completion path), by op and size.
         */
        public final TraceServiceModel.Builder mapCpu = new TraceServiceModel.Builder();
        /**
         * As {@link #mapCpu}, counting only remaps the submitting task issued itself: for a target whose worker's
         * wait is replayed on its own (dm-crypt's {@code dmcrypt_write}), a worker's remap within 1 ms is that
         * wait, not {@code dm_submit_bio}'s CPU time.
         */
        public final TraceServiceModel.Builder ownMapCpu = new TraceServiceModel.Builder();
        public final TraceServiceModel.Builder endioCpu = new TraceServiceModel.Builder();
        /**
         * Of a mapped device: its Q to the A another task issued for the bio (a target's worker re-issuing a
         * deferred bio, such as dm-delay's kdelayd after the delay), by op and size, and per remapped request.
         */
        public final TraceServiceModel.Builder workerRemap = new TraceServiceModel.Builder();
        /** Writes with data and FUA queued ({@code Q}) and dispatched ({@code D}) with FUA still set. */
        public long fuaQueued;
        public long fuaDispatched;

        /** FUA writes were queued and none reached the device with FUA: the queue emulates it (post-flush). */
        public boolean lacksFua() {
            return fuaQueued > 0 && fuaDispatched == 0;
        }
    }

    /** Gaps longer than this are not a layer's CPU time but a wait (preemption, a worker, a delay target). */
    static final long MAX_LAYER_GAP_NS = 1_000_000;
    /** A worker's re-issue later than this is not tied to the bio (a sector queued again much later). */
    static final long MAX_WORKER_GAP_NS = 10_000_000_000L;

    public static TraceSurvey scan(EventSource src, Set<Integer> topDevices) throws IOException {
        return scan(src, topDevices, e -> { });
    }

    /** As {@link #scan(EventSource, Set)}, showing every non-notify event to {@code also} too. */
    public static TraceSurvey scan(EventSource src, Set<Integer> topDevices,
                                   java.util.function.Consumer<BlockEvent> also) throws IOException {
        TraceSurvey s = new TraceSurvey();
        // primitive maps: a boxed key, value and node per record was a fifth of a replay's CPU samples
        OpenLongMap dispatched = new OpenLongMap(1);
        OpenLongMap queuedAt = new OpenLongMap(1);
        // queue time and task of an upper device's Q, by (device, sector)
        OpenLongMap upperQueuedAt = new OpenLongMap(2);
        // device sets as keys without values: contains() per event without boxing the device number
        OpenLongMap tops = new OpenLongMap(0);
        OpenLongMap uppers = new OpenLongMap(0);
        for (int t : topDevices) {
            tops.put(t);
            uppers.put(t);
        }
        // the TreeMap keeps the devices' order; the last device's survey is looked up once per run of its events
        int lastDevice = 0;
        DeviceSurvey last = null;
        long lastComplete = Long.MIN_VALUE;
        int lastCompleteDevice = -1;
        try (src) {
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify()) {
                    continue;
                }
                if (s.firstTime == Long.MIN_VALUE) {
                    s.firstTime = e.time();
                }
                s.lastTime = e.time();
                also.accept(e);
                if (last == null || lastDevice != e.device()) {
                    last = s.devices.computeIfAbsent(e.device(), k -> new DeviceSurvey());
                    lastDevice = e.device();
                }
                DeviceSurvey d = last;
                Action k = e.kind();
                switch (k) {
                    case QUEUE -> {
                        d.queues++;
                        d.queuedInFlight++;
                        d.maxQueuedInFlight = (int) Math.min(Integer.MAX_VALUE,
                                Math.max(d.maxQueuedInFlight, d.queuedInFlight));
                        if (fua(e)) {
                            d.fuaQueued++;
                        }
                        // a new bio at the sector supersedes an older Q there that never reached a D of its own
                        queuedAt.remove(key(e.device(), e.sector()));
                        if (d.inFlight == 0 && queuedAt.size() < 1 << 20) {
                            queuedAt.put(key(e.device(), e.sector()), e.time());
                        }
                        if (tops.find(e.device()) >= 0) {
                            s.topQueues++;
                        }
                        // samples of the map's CPU time (Q to A on a mapped device) need few open entries: a burst
                        // of bios queued at one instant must not fill the heap here (the admission bound's case)
                        if (uppers.find(e.device()) >= 0 && upperQueuedAt.size() < 1 << 14) {
                            upperQueuedAt.put(key(e.device(), e.sector()), e.time(), e.pid());
                        }
                    }
                    case REMAP -> {
                        int from = e.remapFromDevice();
                        if (tops.find(from) >= 0) {
                            s.topRemaps++;
                        }
                        uppers.put(from);
                        int slot = upperQueuedAt.find(key(from, e.remapFromSector()));
                        long[] q = null;
                        if (slot >= 0) {
                            q = new long[] {upperQueuedAt.value(slot, 0), upperQueuedAt.value(slot, 1)};
                            upperQueuedAt.removeAt(slot);
                        }
                        if (q != null && e.time() - q[0] <= MAX_LAYER_GAP_NS) {
                            DeviceSurvey ds = s.devices.computeIfAbsent(from, x -> new DeviceSurvey());
                            ds.mapCpu.add(op(e), e.sectors(), Math.max(0, e.time() - q[0]));
                            if (q[1] == e.pid()) {
                                ds.ownMapCpu.add(op(e), e.sectors(), Math.max(0, e.time() - q[0]));
                            }
                        }
                        if (q != null && q[1] != e.pid() && e.time() - q[0] <= MAX_WORKER_GAP_NS) {
                            // keyed by the remapped sector: the model draws a bio's own delay back when it has one
                            s.devices.computeIfAbsent(from, x -> new DeviceSurvey()).workerRemap
                                    .add(op(e), e.sector(), e.sectors(), e.time() - q[0]);
                        }
                    }
                    case BACKMERGE, FRONTMERGE -> {
                        // the bio joined a request started by another bio: it has no D of its own, and a later D
                        // at its sector (another bio, seconds later) must not be paired with this Q
                        queuedAt.remove(key(e.device(), e.sector()));
                    }
                    case ISSUE -> {
                        if (fua(e)) {
                            d.fuaDispatched++;
                        }
                        dispatched.put(key(e.device(), e.sector()), e.time());
                        int slot = queuedAt.find(key(e.device(), e.sector()));
                        if (slot >= 0) {
                            long q = queuedAt.value(slot, 0);
                            queuedAt.removeAt(slot);
                            d.q2d.add(op(e), e.sector(), e.sectors(), Math.max(0, e.time() - q));
                        }
                        d.inFlight++;
                        d.maxInFlight = Math.max(d.maxInFlight, d.inFlight);
                    }
                    case COMPLETE -> {
                        d.completionRecords++;
                        if (d.queuedInFlight > 0) {
                            d.queuedInFlight--;
                        }
                        if (uppers.find(e.device()) >= 0 && lastCompleteDevice != e.device()
                                && lastCompleteDevice >= 0 && e.time() - lastComplete <= MAX_LAYER_GAP_NS) {
                            d.endioCpu.add(op(e), e.sectors(), Math.max(0, e.time() - lastComplete));
                        }
                        lastComplete = e.time();
                        lastCompleteDevice = e.device();
                        int slot = dispatched.find(key(e.device(), e.sector()));
                        if (slot >= 0) {
                            long t = dispatched.value(slot, 0);
                            dispatched.removeAt(slot);
                            d.inFlight--;
                            d.completions++;
                            d.d2c.add(op(e), e.sector(), e.sectors(), Math.max(0, e.time() - t));
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return s;
    }

    private static Op op(BlockEvent e) {
        int a = e.action();
        return (a & Category.DISCARD) != 0 ? Op.DISCARD : (a & Category.WRITE) != 0 ? Op.WRITE : Op.READ;
    }

    private static boolean fua(BlockEvent e) {
        return e.sectors() > 0 && (e.action() & Category.FUA) != 0;
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
