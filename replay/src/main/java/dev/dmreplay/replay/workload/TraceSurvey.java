package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.TraceServiceModel;
import dev.dmreplay.replay.util.LongChunks;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
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
         * depth, so a busy device's Q→D would count it twice. Also kept: a read remapped onto the device from an
         * upper one (an application's read through the stack) queued while the device was busy, when no completion
         * on the device came between its Q and its D (it did not wait for a tag). A disk the stack keeps busy
         * (kcopyd's copies under a snapshot, queue depth 122 on real-snapshot2's origin disk) otherwise leaves a
         * handful of idle samples, 10 there, and every read at queue depth 4 drew from them: 0.4 ms where the
         * kernel's own was 6 us. A Q whose bio merged ({@code M}/{@code F}) or that a later Q at the same sector
         * superseded is forgotten: it has no D of its own.
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
        /**
         * Of an upper device: from a bio's {@code Q} to the next {@code Q} the same task queued on a device that is
         * not an upper one, within 1 ms: the submitting task's time in the target before its first lower bio where
         * the target issues its lower bios itself and leaves no remap record (md raid1 under dm-raid:
         * {@code raid_map} → {@code md_handle_request} → {@code raid1_write_request}, which clones and submits a
         * bio per leg). Used as the map path's CPU time of a device that has no {@link #mapCpu} samples.
         */
        public final TraceServiceModel.Builder ownIssueCpu = new TraceServiceModel.Builder();
        public final TraceServiceModel.Builder endioCpu = new TraceServiceModel.Builder();
        /**
         * Of a mapped device: the gap from one of its {@code C}s to the next where nothing completed in between and
         * the first followed a lower {@code C}: the bios of one lower request end one after the other in its
         * completion context ({@code blk_update_request} → {@code bio_endio} of each bio, block/blk-mq.c v6.1, each
         * through dm's {@code clone_endio} to the upper bio's end). A 1 MiB writeback request of 4 KiB bios ended its
         * 254 upper bios over about 1 ms, 4 us apart after the first.
         */
        public final TraceServiceModel.Builder endioNextCpu = new TraceServiceModel.Builder();
        /**
         * Of a mapped device: its Q to the A another task issued for the bio (a target's worker re-issuing a
         * deferred bio, such as dm-delay's kdelayd after the delay), by op and size, and per remapped request.
         */
        public final TraceServiceModel.Builder workerRemap = new TraceServiceModel.Builder();
        /**
         * Of a mapped device: kdmflush's delay before it resubmits the data of a {@code REQ_PREFLUSH} bio whose empty
         * flush completed (drivers/md/dm.c v6.1: {@code dm_io_complete} → {@code queue_io} puts the bio on
         * {@code md->deferred}, {@code dm_wq_work} on the kdmflush workqueue submits it without the flag), from the
         * lower {@code C} of the empty flush clone to the lower {@code A} of the data, by the upper bio's sector.
         */
        public final TraceServiceModel.Builder flushDataHop = new TraceServiceModel.Builder();
        /** Writes with data and FUA queued ({@code Q}) and dispatched ({@code D}) with FUA still set. */
        public long fuaQueued;
        public long fuaDispatched;

        /** FUA writes were queued and none reached the device with FUA: the queue emulates it (post-flush). */
        public boolean lacksFua() {
            return fuaQueued > 0 && fuaDispatched == 0;
        }
    }

    /** Device pairs kept for the completion-time rule: a stack has a few; a garbled trace must not fill the heap. */
    private static final int MAX_LAYERS = 1 << 14;

    /** The key of {@code lower} being below {@code upper} (kernel device numbers), as {@code layers} holds them. */
    private static long layer(int upper, int lower) {
        return (long) upper << 32 | (lower & 0xffffffffL);
    }

    /** Open Qs (without a D yet) whose times are kept for Q→D samples, over all devices. */
    static final int MAX_OPEN_QUEUES = 1 << 20;
    /** Gaps longer than this are not a layer's CPU time but a wait (preemption, a worker, a delay target). */
    static final long MAX_LAYER_GAP_NS = 1_000_000;
    /** A worker's re-issue later than this is not tied to the bio (a sector queued again much later). */
    static final long MAX_WORKER_GAP_NS = 10_000_000_000L;
    /** The longest kdmflush delay kept ({@link DeviceSurvey#flushDataHop}): longer ones pair unrelated bios. */
    static final long MAX_FLUSH_HOP_NS = 20_000_000L;
    /** A D older than this at a sector where another D comes is taken to have lost its C (1 s). */
    static final long STALE_DISPATCH_NS = 1_000_000_000L;
    /** At most this many more Ds of one sector are kept in flight behind its oldest. */
    static final int MAX_SAME_SECTOR = 64;
    /** Open entries of the flush-hop pairing: a flush storm must not fill the heap. */
    private static final int MAX_OPEN_FLUSHES = 1 << 14;

    /** Remaps awaiting their Q, and busy-disk reads awaiting their D, kept per device at most. */
    static final int MAX_REMAPS_PENDING = 1 << 14;

    public static TraceSurvey scan(EventSource src, Set<Integer> topDevices) throws IOException {
        return scan(src, topDevices, e -> { });
    }

    /** As {@link #scan(EventSource, Set)}, showing every non-notify event to {@code also} too. */
    public static TraceSurvey scan(EventSource src, Set<Integer> topDevices,
                                   java.util.function.Consumer<BlockEvent> also) throws IOException {
        return scan(src, topDevices, also, false);
    }

    /**
     * As {@link #scan(EventSource, Set, java.util.function.Consumer)}; with {@code perBioMapTimes} the mapped
     * devices' map-path CPU times are also kept per bio (by sector, up to the recorded-times bound), which only a
     * task issuing on the traced times uses ({@code Task#issuesOnTracedTimes}: a stack with a crypt device). Without
     * one, keeping them would cost every replay a table of a few hundred thousand entries per device for nothing.
     */
    public static TraceSurvey scan(EventSource src, Set<Integer> topDevices,
                                   java.util.function.Consumer<BlockEvent> also, boolean perBioMapTimes)
            throws IOException {
        return scan(src, topDevices, also, perBioMapTimes, Set.of());
    }

    /**
     * As {@link #scan(EventSource, Set, java.util.function.Consumer, boolean)}, knowing which devices each mapped
     * device's table references: {@code layers} holds {@code upper << 32 | lower} kernel device numbers. A mapped
     * device's completion CPU time ({@link DeviceSurvey#endioCpu}) is learnt only from a {@code C} that follows one
     * on a device below it (by the table, or by a remap the trace shows).
     */
    public static TraceSurvey scan(EventSource src, Set<Integer> topDevices,
                                   java.util.function.Consumer<BlockEvent> also, boolean perBioMapTimes,
                                   Set<Long> layers)
            throws IOException {
        return scan(src, topDevices, also, perBioMapTimes, false, layers);
    }

    /**
     * As {@link #scan(EventSource, Set, java.util.function.Consumer, boolean, Set)}; with {@code perBioEndioTimes}
     * the mapped devices' completion-path times are also kept per bio (by sector, up to the recorded-times bound),
     * and a replayed bio takes its own ({@code LayerCpu}). A stack with a dm-cache needs them: which bio is smq's
     * next tick bio turns on whether a completion ({@code cache_end_io}) came before or after another bio's remap,
     * tens of microseconds apart. Elsewhere they cost a replay a table per mapped device (on the replay bench, peak
     * RSS 250 → 460 MiB and a tenth more time) and moved other races by their timing without making the model
     * closer (docs/FIDELITY.md, seventh round).
     */
    public static TraceSurvey scan(EventSource src, Set<Integer> topDevices,
                                   java.util.function.Consumer<BlockEvent> also, boolean perBioMapTimes,
                                   boolean perBioEndioTimes, Set<Long> layers)
            throws IOException {
        TraceSurvey s = new TraceSurvey();
        // primitive maps: a boxed key, value and node per record was a fifth of a replay's CPU samples; the Q and
        // D times by sector are kept per device (Device#queuedAt, Device#dispatched), so that a disk's few open
        // requests are not looked up in a table holding every mapped device's Qs (which have no D of their own)
        // queue time and task of an upper device's Q, by (device, sector)
        OpenLongMap upperQueuedAt = new OpenLongMap(2);
        // by pid: the device and time of the task's last Q on an upper device (DeviceSurvey#ownIssueCpu)
        OpenLongMap lastUpperQueue = new OpenLongMap(2);
        // empty flush clones in flight, by (lower device, sector): (upper device, upper sector); then, once the
        // lower device completed one, the completion time by (upper device, upper sector) (DeviceSurvey#flushDataHop)
        OpenLongMap emptyFlushes = new OpenLongMap(2);
        OpenLongMap flushesDone = new OpenLongMap(1);
        // (upper device, lower device) pairs the table or some remap joined: a completion's CPU time follows one
        // below it (a primitive set: it is probed on every upper completion and added to on every remap)
        OpenLongMap below = new OpenLongMap(0);
        // tasks that queued on a top device: the trace replay's submitters, whose plugs it follows (TracedPlugs)
        OpenLongMap submitters = new OpenLongMap(0);
        for (long pair : layers) {
            below.put(pair);
        }
        Devices devices = new Devices(s, topDevices);
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
                Device dev = devices.of(e.device());
                DeviceSurvey d = dev.survey();
                Action k = e.kind();
                switch (k) {
                    case QUEUE -> {
                        // the Q of a remap onto this device (a bio through the stack), whether or not it is kept
                        boolean remapped = dev.remappedAt.size() > 0 && dev.remappedAt.remove(e.sector());
                        d.queues++;
                        d.queuedInFlight++;
                        d.maxQueuedInFlight = (int) Math.min(Integer.MAX_VALUE,
                                Math.max(d.maxQueuedInFlight, d.queuedInFlight));
                        if (fua(e)) {
                            d.fuaQueued++;
                        }
                        // a new bio at the sector supersedes an older Q there that never reached a D of its own;
                        // its own Q is kept while the device has nothing in flight (one probe for both), at most
                        // MAX_OPEN_QUEUES open Qs over all devices. Until a device's first D (a mapped device's
                        // Qs never have one) its Qs are only logged: nothing is in flight, so each is kept, and
                        // while the count of open Qs, counting every logged one, is below the bound, the bound
                        // keeps none out; the log is entered in order when a D, a merge or the bound needs it.
                        if (dev.logging && devices.queued >= MAX_OPEN_QUEUES) {
                            devices.settleAll(); // the bound may keep this Q out: decide on exact counts
                        }
                        if (dev.logging) {
                            if (dev.logged == 0) {
                                devices.logs++;
                            }
                            dev.log(queueKey(e), e.time());
                            devices.queued++;
                        } else {
                            OpenLongMap queuedAt = dev.queuedAt;
                            long qkey = queueKey(e);
                            int slot = queuedAt.find(qkey);
                            int others = devices.queued - (slot >= 0 ? 1 : 0);
                            if (others >= MAX_OPEN_QUEUES && devices.logs > 0) {
                                devices.settleAll(); // the count is exact again
                                others = devices.queued - (slot >= 0 ? 1 : 0);
                            }
                            // an application's read through the stack keeps its Q→D on a busy disk too (q2d)
                            boolean appRead = remapped && op(e) == Op.READ;
                            boolean busy = d.inFlight > 0;
                            if (busy && appRead && dev.busyQueued.size() < MAX_REMAPS_PENDING) {
                                dev.busyQueued.put(qkey);
                            } else {
                                dev.busyQueued.remove(qkey);
                            }
                            if ((!busy || appRead) && others < MAX_OPEN_QUEUES) {
                                if (slot >= 0) {
                                    queuedAt.setValue(slot, 0, e.time());
                                } else {
                                    queuedAt.put(qkey, e.time());
                                    devices.queued++;
                                }
                            } else if (slot >= 0) {
                                queuedAt.removeAt(slot);
                                devices.queued--;
                            }
                        }
                        if (dev.top) {
                            s.topQueues++;
                            if (submitters.size() < 1 << 16) {
                                submitters.put(e.pid());
                            }
                        }
                        if (dev.upper) {
                            if (lastUpperQueue.size() < 1 << 14 || lastUpperQueue.find(e.pid()) >= 0) {
                                lastUpperQueue.put(e.pid(), e.device(), e.time());
                            }
                        } else if (lastUpperQueue.size() > 0) {
                            int slot = lastUpperQueue.find(e.pid());
                            if (slot >= 0) {
                                int upperDevice = (int) lastUpperQueue.value(slot, 0);
                                long gap = e.time() - lastUpperQueue.value(slot, 1);
                                lastUpperQueue.removeAt(slot);
                                if (gap <= MAX_LAYER_GAP_NS) {
                                    devices.lookup(upperDevice).survey().ownIssueCpu.add(cls(e), e.sectors(),
                                            Math.max(0, gap));
                                }
                            }
                        }
                        // samples of the map's CPU time (Q to A on a mapped device) need few open entries: a burst
                        // of bios queued at one instant must not fill the heap here (the admission bound's case)
                        if (dev.upper && upperQueuedAt.size() < 1 << 14) {
                            upperQueuedAt.put(key(e.device(), e.sector()), e.time(), e.pid());
                        }
                    }
                    case REMAP -> {
                        if (!dev.upper && dev.remappedAt.size() < MAX_REMAPS_PENDING) {
                            dev.remappedAt.put(e.sector());
                        }
                        Device from = devices.lookup(e.remapFromDevice());
                        if (below.size() < MAX_LAYERS) {
                            below.put(layer(e.remapFromDevice(), e.device()));
                        }
                        if (from.top) {
                            s.topRemaps++;
                        }
                        from.upper = true;
                        if (e.sectors() == 0 && (e.action() & Category.FLUSH) != 0) {
                            if (emptyFlushes.size() < MAX_OPEN_FLUSHES) {
                                emptyFlushes.put(key(e.device(), e.sector()), from.number, e.remapFromSector());
                            }
                        } else if (e.sectors() > 0 && flushesDone.size() > 0 && (e.action() & Category.FLUSH) == 0) {
                            int done = flushesDone.find(key(from.number, e.remapFromSector()));
                            if (done >= 0) {
                                long flushed = flushesDone.value(done, 0);
                                long hop = e.time() - flushed;
                                flushesDone.removeAt(done);
                                if (hop <= MAX_FLUSH_HOP_NS) {
                                    // with the moment the preflush ended: the hop is kdmflush's wait for a CPU
                                    // then, which a replay on the trace's clock takes from the nearest one
                                    from.survey().flushDataHop.add(cls(e), e.remapFromSector(), e.sectors(),
                                            Math.max(0, hop), flushed - s.firstTime);
                                }
                            }
                        }
                        int slot = upperQueuedAt.find(key(from.number, e.remapFromSector()));
                        if (slot >= 0) {
                            long queued = upperQueuedAt.value(slot, 0);
                            long pid = upperQueuedAt.value(slot, 1);
                            upperQueuedAt.removeAt(slot);
                            if (e.time() - queued <= MAX_LAYER_GAP_NS) {
                                long cpu = Math.max(0, e.time() - queued);
                                if (perBioMapTimes) {
                                    from.survey().mapCpu.add(cls(e), e.remapFromSector(), e.sectors(), cpu);
                                } else {
                                    from.survey().mapCpu.add(cls(e), e.sectors(), cpu);
                                }
                                if (pid == e.pid() && perBioMapTimes) {
                                    from.survey().ownMapCpu.add(cls(e), e.remapFromSector(), e.sectors(), cpu);
                                } else if (pid == e.pid()) {
                                    from.survey().ownMapCpu.add(cls(e), e.sectors(), cpu);
                                }
                            }
                            if (pid != e.pid() && e.time() - queued <= MAX_WORKER_GAP_NS) {
                                // keyed by the remapped sector: the model draws a bio's own delay back when it has one
                                from.survey().workerRemap.add(cls(e), e.sector(), e.sectors(), e.time() - queued);
                            }
                        }
                    }
                    case GETRQ -> {
                        if (e.sectors() > 0 && dev.requestEnds.size() < MAX_REMAPS_PENDING) {
                            dev.requestEnds.put(e.sector() + e.sectors(), e.sector());
                        }
                    }
                    case BACKMERGE, FRONTMERGE -> {
                        // the bio joined a request started by another bio: it has no D of its own, and a later D
                        // at its sector (another bio, seconds later) must not be paired with this Q
                        devices.settle(dev);
                        if (dev.queuedAt.remove(queueKey(e))) {
                            devices.queued--;
                        }
                        if (k == Action.BACKMERGE && dev.requestEnds.size() > 0) {
                            // a replayed task's plug (TracedPlugs) fills in the model's own time: its requests'
                            // Q→D runs from their last merge; every back merge moves the request's end
                            dev.grew(e, submitters.size() > 0 && submitters.find(e.pid()) >= 0);
                        }
                    }
                    case ISSUE -> {
                        if (fua(e)) {
                            d.fuaDispatched++;
                        }
                        dev.dispatch(e.sector(), e.time());
                        if (e.sectors() > 0 && dev.requestEnds.size() > 0) {
                            dev.requestEnds.remove(e.sector() + e.sectors());
                        }
                        devices.settle(dev);
                        int slot = dev.queuedAt.find(queueKey(e));
                        if (slot >= 0) {
                            long q = dev.queuedAt.value(slot, 0);
                            dev.queuedAt.removeAt(slot);
                            devices.queued--;
                            // a busy disk's read that met a completion before its D may have waited for a tag
                            if (!dev.busyQueued.remove(queueKey(e)) || dev.lastComplete < q) {
                                d.q2d.add(cls(e), e.sector(), e.sectors(), Math.max(0, e.time() - q),
                                        q - s.firstTime);
                            }
                        }
                        d.inFlight++;
                        d.maxInFlight = Math.max(d.maxInFlight, d.inFlight);
                    }
                    case COMPLETE -> {
                        if (e.sectors() == 0 && emptyFlushes.size() > 0) {
                            int slot = emptyFlushes.find(key(e.device(), e.sector()));
                            if (slot >= 0) {
                                long upperKey = key((int) emptyFlushes.value(slot, 0), emptyFlushes.value(slot, 1));
                                emptyFlushes.removeAt(slot);
                                if (flushesDone.size() < MAX_OPEN_FLUSHES) {
                                    flushesDone.put(upperKey, e.time());
                                }
                            }
                        }
                        d.completionRecords++;
                        if (d.queuedInFlight > 0) {
                            d.queuedInFlight--;
                        }
                        // only after a completion on a device below this one (by the table or a remap): an upper
                        // C with none below it (a thin read the pool worker zero-filled) follows an unrelated one,
                        // and that gap is idle time, not the completion path's CPU (it gave y-snap-of-thin's origin
                        // reads 0.4 ms draws)
                        boolean burst = false;
                        if (dev.upper && dev.completionBurst && devices.lastCompleteDevice == e.device()
                                && e.time() - devices.lastComplete <= MAX_LAYER_GAP_NS
                                && dev.burstSectors >= e.sectors()) {
                            d.endioNextCpu.add(cls(e), e.sectors(), Math.max(0, e.time() - devices.lastComplete));
                            dev.burstSectors -= e.sectors();
                            burst = true;
                        }
                        if (dev.upper && devices.lastCompleteDevice != e.device()
                                && devices.lastCompleteDevice >= 0
                                && below.find(layer(e.device(), devices.lastCompleteDevice)) >= 0
                                && e.time() - devices.lastComplete <= MAX_LAYER_GAP_NS) {
                            burst = true;
                            // the bios of the request that completed below, this one first: no more than its size
                            dev.burstSectors = devices.lastCompleteSectors - e.sectors();
                            long cpu = Math.max(0, e.time() - devices.lastComplete);
                            if (perBioEndioTimes) {
                                // kept per bio too: a replayed bio takes its own (LayerCpu), which orders its
                                // completion against other bios' remaps as the kernel's was (dm-cache's tick bios)
                                d.endioCpu.add(cls(e), e.sector(), e.sectors(), cpu);
                            } else {
                                d.endioCpu.add(cls(e), e.sectors(), cpu);
                            }
                        }
                        dev.completionBurst = burst;
                        devices.lastComplete = e.time();
                        devices.lastCompleteDevice = e.device();
                        devices.lastCompleteSectors = e.sectors();
                        dev.lastComplete = e.time();
                        long t = dev.complete(e.sector());
                        if (t != Long.MIN_VALUE) {
                            d.inFlight--;
                            d.completions++;
                            d.d2c.add(cls(e), e.sector(), e.sectors(), Math.max(0, e.time() - t), t - s.firstTime);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return s;
    }

    /**
     * What the scan keeps per device number beside its {@link DeviceSurvey}: whether it is a top device, whether
     * it is an upper one (a top device, or the source of a remap seen so far). The survey itself is made when the
     * device first has an event of its own or a sample as a remap's source, as the survey's map always had it.
     */
    private static final class Device {
        final int number;
        final boolean top;
        boolean upper;
        /** Time of each open Q (no D, merge or later Q at its sector yet), by sector. */
        final OpenLongMap queuedAt = new OpenLongMap(1);
        /**
         * Whether the device's Qs are only logged (sector, time, in order) instead of entered in {@link #queuedAt}:
         * until its first D, merge or the bound on open Qs. A mapped device's Qs never meet a D, and looking each up
         * in a table of hundreds of thousands of sectors was half of the survey's time. The log is in chunks
         * ({@link LongChunks}): a mapped device's log holds every Q of the device.
         */
        boolean logging = true;
        private LongChunks log = new LongChunks();
        int logged;
        /** Time of each D not completed yet, by sector: the oldest one's where several are in flight there. */
        final OpenLongMap dispatched = new OpenLongMap(1);
        /**
         * The later Ds of a sector that has more than one request in flight, oldest first (rare: dm-snapshot reads
         * a chunk once per snapshot, both copies queued at once). Without them the second D's time replaced the
         * first's: the first C took the second D's time and the second C none (w-snapshot2's second copy read of a
         * chunk drew 2 ms where the kernel's took 0.2 ms, and the held write waited for it).
         */
        private Map<Long, ArrayDeque<Long>> moreDispatched;
        /** Time of the device's last C. */
        long lastComplete = Long.MIN_VALUE;
        /** Whether the device's last C was one of a lower request's bios ending (see {@code endioNextCpu}). */
        boolean completionBurst;
        /**
         * Sectors of that lower request not yet accounted for by this device's completions: a thin volume's read
         * that the pool worker zero-filled ends with no request below it, and its gap from the last completion is
         * not the completion path's.
         */
        long burstSectors;
        /** Sectors of open Qs entered in {@link #queuedAt} while requests were in flight (a set). */
        final OpenLongMap busyQueued = new OpenLongMap(0);
        /** Sectors of remaps onto this device whose Q has not come yet (a set: keys without values). */
        final OpenLongMap remappedAt = new OpenLongMap(0);
        /** Requests allocated ({@code G}) and not dispatched yet: end sector → start sector. */
        final OpenLongMap requestEnds = new OpenLongMap(1);

        /**
         * A bio back-merged into the request that ends where it starts: the request's Q→D runs from now. A request
         * that grows in a task's plug (a writeback's pages, 254 of them to a request on the buffered capture) is
         * dispatched when the plug is flushed, right after its last merge; from its first bio's Q its Q→D was the
         * plug's whole life (3 ms there), which the model, whose plug fills in its own time, added again after
         * the flush. Only for merges by a task the trace replay submits for ({@code restartsQueue}): its plug is
         * followed from the trace ({@link TracedPlugs}); a target's worker's plugs are the model's own, and their
         * requests keep the Q→D from their first bio. Every back merge moves the request's end, so that its
         * {@code D} (at its start, with its whole size) finds and ends the entry; a front merge moves only the
         * start, which the entry does not hold.
         */
        void grew(BlockEvent e, boolean restartsQueue) {
            int slot = requestEnds.find(e.sector());
            if (slot < 0) {
                return;
            }
            long start = requestEnds.value(slot, 0);
            requestEnds.removeAt(slot);
            requestEnds.put(e.sector() + e.sectors(), start);
            int q = restartsQueue ? queuedAt.find(start) : -1;
            if (q >= 0) {
                queuedAt.setValue(q, 0, e.time());
            }
        }
        private DeviceSurvey survey;
        private final TraceSurvey owner;

        Device(int number, boolean top, TraceSurvey owner) {
            this.number = number;
            this.top = top;
            this.upper = top;
            this.owner = owner;
        }

        /**
         * A D at {@code sector}: queued behind the requests in flight there, unless the one in flight is older than
         * {@link #STALE_DISPATCH_NS} (its C was lost: the new D takes its place, as before).
         */
        void dispatch(long sector, long time) {
            int slot = dispatched.find(sector);
            if (slot < 0 || time - dispatched.value(slot, 0) > STALE_DISPATCH_NS) {
                if (moreDispatched != null) {
                    moreDispatched.remove(sector);
                }
                dispatched.put(sector, time);
                return;
            }
            if (moreDispatched == null) {
                moreDispatched = new HashMap<>();
            }
            ArrayDeque<Long> more = moreDispatched.computeIfAbsent(sector, k -> new ArrayDeque<>());
            if (more.size() < MAX_SAME_SECTOR) {
                more.addLast(time);
            }
        }

        /**
         * A C at {@code sector}: the time of the oldest D in flight there (the kernel's requests of one sector are
         * taken to complete in dispatch order), removed; {@link Long#MIN_VALUE} when none is.
         */
        long complete(long sector) {
            int slot = dispatched.find(sector);
            if (slot < 0) {
                return Long.MIN_VALUE;
            }
            long t = dispatched.value(slot, 0);
            ArrayDeque<Long> more = moreDispatched == null ? null : moreDispatched.get(sector);
            if (more != null) {
                dispatched.setValue(slot, 0, more.pollFirst());
                if (more.isEmpty()) {
                    moreDispatched.remove(sector);
                }
            } else {
                dispatched.removeAt(slot);
            }
            return t;
        }

        void log(long sector, long time) {
            log.add(sector);
            log.add(time);
            logged++;
        }

        /**
         * Enters the logged Qs in {@link #queuedAt} in order, as each would have been entered when it came (a later Q
         * at a sector replaces the earlier one's time), and stops logging; the logged Qs that replaced another.
         */
        int settle() {
            int replaced = 0;
            for (int i = 0; i < logged; i++) {
                long sector = log.get(2 * i);
                int slot = queuedAt.find(sector);
                if (slot >= 0) {
                    queuedAt.setValue(slot, 0, log.get(2 * i + 1));
                    replaced++;
                } else {
                    queuedAt.put(sector, log.get(2 * i + 1));
                }
            }
            logging = false;
            log = null;
            logged = 0;
            return replaced;
        }

        DeviceSurvey survey() {
            if (survey == null) {
                survey = owner.devices.computeIfAbsent(number, k -> new DeviceSurvey());
            }
            return survey;
        }
    }

    /** The devices by number: the last one looked up, else a primitive index (no boxing per event). */
    private static final class Devices {
        private final TraceSurvey owner;
        private final Set<Integer> tops;
        private final OpenLongMap index = new OpenLongMap(1);
        private Device[] all = new Device[8];
        private int count;
        private Device last;
        /**
         * Open Qs over every device's {@link Device#queuedAt}, and every Q still in a device's log (an upper bound:
         * a logged Q may replace an earlier one at its sector, found out when the log is entered).
         */
        int queued;
        /** Devices still logging with something in their log. */
        int logs;
        long lastComplete = Long.MIN_VALUE;
        /** Size of the last C, in sectors (of a request: the bios it ended). */
        long lastCompleteSectors;
        int lastCompleteDevice = -1;

        Devices(TraceSurvey owner, Set<Integer> tops) {
            this.owner = owner;
            this.tops = Set.copyOf(tops);
        }

        /** Enters {@code d}'s log in its table, if it is still logging (the counts stay right). */
        void settle(Device d) {
            if (d.logging) {
                if (d.logged > 0) {
                    logs--;
                }
                queued -= d.settle();
            }
        }

        /** Enters every device's log in its table: the count of open Qs is exact again. */
        void settleAll() {
            for (int i = 0; i < count; i++) {
                settle(all[i]);
            }
        }

        /** The device of an event: its survey exists from here on. */
        Device of(int number) {
            Device d = lookup(number);
            d.survey();
            return d;
        }

        Device lookup(int number) {
            Device d = last;
            if (d != null && d.number == number) {
                return d;
            }
            int slot = index.find(number);
            if (slot >= 0) {
                d = all[(int) index.value(slot, 0)];
            } else {
                d = new Device(number, tops.contains(number), owner);
                if (count == all.length) {
                    all = java.util.Arrays.copyOf(all, count * 2);
                }
                index.put(number, count);
                all[count++] = d;
            }
            last = d;
            return d;
        }
    }

    /**
     * The key of a Q or D in a device's open Qs ({@code Device#queuedAt}): its sector, or for a command without data
     * (an empty flush) a key of its own. A preflush or postflush that blk-flush runs for a PREFLUSH/FUA write on a
     * queue without FUA is dispatched as a request without a sector (blktrace prints {@code D FN 0 + 0}); matched by
     * sector alone it ended the Q→D of a data write queued at sector 0 (a raid superblock) before its preflush ran,
     * while a write anywhere else had its Q→D measured to its data's D, the preflush included. Now every write's
     * Q→D runs to its data's D. An empty flush's Q is keyed as the flush request it becomes: blk-flush runs it
     * ({@code blk_insert_flush} → {@code blk_kick_flush}, block/blk-flush.c v6.1) as the queue's flush request,
     * dispatched without a sector, whatever sector the bio carried (a dm clone keeps its bio's: dm-io's empty
     * flush before a snapshot's metadata write is queued at the area's sector). Keyed by its own sector it never
     * met its {@code D FN 0 + 0}, so a leaf learnt no flush Q→D at all and the model drew a data write's.
     */
    static long queueKey(BlockEvent e) {
        if (e.sectors() == 0) {
            return (e.action() & Category.FLUSH) != 0 ? ~0L : ~e.sector();
        }
        return e.sector();
    }

    /**
     * The op class an event's sample is kept under ({@link TraceServiceModel#opClass(Bio)} on the model's side): a
     * flush without data ({@code FN}, or an empty {@code FWS}) in a class of its own.
     */
    static int cls(BlockEvent e) {
        return e.sectors() == 0 && (e.action() & Category.FLUSH) != 0 ? TraceServiceModel.FLUSH
                : TraceServiceModel.opClass(op(e));
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
