package dev.dmreplay.replay.run;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.place.Fit;
import dev.dmreplay.ingest.place.PlacedSource;
import dev.dmreplay.ingest.place.PlacementPlan;
import dev.dmreplay.ingest.place.PlacementSurvey;
import dev.dmreplay.ingest.place.TraceSelection;
import dev.dmreplay.ingest.place.TraceShaping;
import dev.dmreplay.replay.pressure.Durations;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.block.TraceServiceModel;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.stack.TopologyStacks;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.workload.Admission;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.TopLevelSpill;
import dev.dmreplay.replay.workload.TraceSurvey;
import dev.dmreplay.replay.workload.TraceWorkload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Replay of a recorded blktrace through the stack of its {@code dmsetup table}: a survey pass (devices, top-level
 * bios, per-device D2C times), the machine (DM devices from the table, one leaf per referenced disk with a
 * trace-driven or parametric service model), then the run with the trace workload.
 *
 * <p>The trace is anything ingest's {@link TraceOpener} accepts (a bundle directory with its dm dumps, a
 * directory of per-CPU files, a single trace file); the table comes from the bundle or {@code --table}.
 * DM device numbers: a table alone has names, a trace has numbers. Bundles with {@code dmsetup ls}/{@code info}
 * dumps give both; otherwise give {@code name=major:minor} bindings, or let an unambiguous case bind itself (exactly one mapped device and exactly one traced device that is not one of
 * the table's leaves).
 */
public final class TraceReplay {
    /** Names of table files looked for beside a trace directory when no table is given. */
    public static final List<String> TABLE_NAMES = List.of("dmsetup_table.txt", "dmsetup-table.txt", "table.txt");

    /**
     * Inputs of a replay. {@code leafLatencyNs} &gt; 0 forces the parametric leaf model for every disk;
     * {@code leafOverrides} (device {@code major:minor} → {@code LATENCY[:QD]}) picks it for single disks, the others
     * keeping the trace-driven model. {@code thinMetadata} is a {@code thin_dump} of a thin pool's metadata at trace
     * start (null: the bundle's {@code thin-dump-before.xml}, if any).
     */
    public record Setup(Path trace, Path table, Knobs knobs, MemoryPressure pressure, long seed, ReplayMode mode,
                        Map<String, String> devnos, long leafLatencyNs, int leafQueueDepth, boolean lenient,
                        ReplayRun.Options options, Map<String, String> leafOverrides, TraceShaping shaping,
                        int maxInFlight, Path thinMetadata) {
        /**
         * A null shaping is the whole trace as recorded; {@code maxInFlight} 0 takes the admission bound of each top
         * device from the trace ({@link Admission}).
         */
        public Setup {
            if (shaping == null) {
                shaping = TraceShaping.NONE;
            }
        }

        public Setup(Path trace, Path table, Knobs knobs, MemoryPressure pressure, long seed, ReplayMode mode,
                     Map<String, String> devnos, long leafLatencyNs, int leafQueueDepth, boolean lenient,
                     ReplayRun.Options options, Map<String, String> leafOverrides, TraceShaping shaping,
                     int maxInFlight) {
            this(trace, table, knobs, pressure, seed, mode, devnos, leafLatencyNs, leafQueueDepth, lenient, options,
                    leafOverrides, shaping, maxInFlight, null);
        }

        /** The same replay with the pool metadata of this {@code thin_dump}. */
        public Setup withThinMetadata(Path dump) {
            return new Setup(trace, table, knobs, pressure, seed, mode, devnos, leafLatencyNs, leafQueueDepth,
                    lenient, options, leafOverrides, shaping, maxInFlight, dump);
        }

        public Setup(Path trace, Path table, Knobs knobs, MemoryPressure pressure, long seed, ReplayMode mode,
                     Map<String, String> devnos, long leafLatencyNs, int leafQueueDepth, boolean lenient,
                     ReplayRun.Options options, Map<String, String> leafOverrides, TraceShaping shaping) {
            this(trace, table, knobs, pressure, seed, mode, devnos, leafLatencyNs, leafQueueDepth, lenient, options,
                    leafOverrides, shaping, 0);
        }

        public Setup(Path trace, Path table, Knobs knobs, MemoryPressure pressure, long seed, ReplayMode mode,
                     Map<String, String> devnos, long leafLatencyNs, int leafQueueDepth, boolean lenient,
                     ReplayRun.Options options, Map<String, String> leafOverrides, int maxInFlight) {
            this(trace, table, knobs, pressure, seed, mode, devnos, leafLatencyNs, leafQueueDepth, lenient, options,
                    leafOverrides, TraceShaping.NONE, maxInFlight);
        }

        public Setup(Path trace, Path table, Knobs knobs, MemoryPressure pressure, long seed, ReplayMode mode,
                     Map<String, String> devnos, long leafLatencyNs, int leafQueueDepth, boolean lenient,
                     ReplayRun.Options options, Map<String, String> leafOverrides) {
            this(trace, table, knobs, pressure, seed, mode, devnos, leafLatencyNs, leafQueueDepth, lenient, options,
                    leafOverrides, TraceShaping.NONE, 0);
        }

        public Setup(Path trace, Path table, Knobs knobs, MemoryPressure pressure, long seed, ReplayMode mode,
                     Map<String, String> devnos, long leafLatencyNs, int leafQueueDepth, boolean lenient,
                     ReplayRun.Options options) {
            this(trace, table, knobs, pressure, seed, mode, devnos, leafLatencyNs, leafQueueDepth, lenient, options,
                    Map.of());
        }

        public static Builder builder(Path trace) {
            return new Builder(trace);
        }

        /** The same replay with this bound on the top-level bios in flight per top device (0: the trace's). */
        public Setup withMaxInFlight(int bound) {
            return new Setup(trace, table, knobs, pressure, seed, mode, devnos, leafLatencyNs, leafQueueDepth,
                    lenient, options, leafOverrides, shaping, bound, thinMetadata);
        }

        /** The same replay with another seed (one schedule of an exploration). */
        public Setup withSeed(long newSeed) {
            return new Setup(trace, table, knobs, pressure, newSeed, mode, devnos, leafLatencyNs, leafQueueDepth,
                    lenient, options, leafOverrides, shaping, maxInFlight, thinMetadata);
        }

        /** Builder for {@link Setup}; defaults are those of {@code dmreplay replay} without options. */
        public static final class Builder {
            private final Path trace;
            private Path table;
            private Knobs knobs = dev.dmreplay.replay.strategy.Strategy.DF.knobs;
            private MemoryPressure pressure = MemoryPressure.none();
            private long seed = 1;
            private ReplayMode mode = ReplayMode.parse("timed", 32);
            private Map<String, String> devnos = Map.of();
            private long leafLatencyNs;
            private int leafQueueDepth;
            private boolean lenient;
            private ReplayRun.Options options = ReplayRun.Options.defaults();
            private Map<String, String> leafOverrides = Map.of();
            private TraceShaping shaping = TraceShaping.NONE;
            private int maxInFlight;
            private Path thinMetadata;

            private Builder(Path trace) {
                this.trace = trace;
            }

            public Builder table(Path v) {
                table = v;
                return this;
            }

            public Builder knobs(Knobs v) {
                knobs = v;
                return this;
            }

            public Builder pressure(MemoryPressure v) {
                pressure = v;
                return this;
            }

            public Builder seed(long v) {
                seed = v;
                return this;
            }

            public Builder mode(ReplayMode v) {
                mode = v;
                return this;
            }

            public Builder devnos(Map<String, String> v) {
                devnos = v;
                return this;
            }

            public Builder leafLatencyNs(long v) {
                leafLatencyNs = v;
                return this;
            }

            public Builder leafQueueDepth(int v) {
                leafQueueDepth = v;
                return this;
            }

            public Builder lenient(boolean v) {
                lenient = v;
                return this;
            }

            public Builder options(ReplayRun.Options v) {
                options = v;
                return this;
            }

            public Builder leafOverrides(Map<String, String> v) {
                leafOverrides = v;
                return this;
            }

            public Builder shaping(TraceShaping v) {
                shaping = v;
                return this;
            }

            /** Top-level bios in flight per top device; 0 = from the trace ({@link Admission#recorded}). */
            public Builder maxInFlight(int v) {
                maxInFlight = v;
                return this;
            }

            /** A {@code thin_dump} of the pool metadata at trace start; null = the bundle's, if any. */
            public Builder thinMetadata(Path v) {
                thinMetadata = v;
                return this;
            }

            public Setup build() {
                return new Setup(trace, table, knobs, pressure, seed, mode, devnos, leafLatencyNs, leafQueueDepth,
                        lenient, options, leafOverrides, shaping, maxInFlight, thinMetadata);
            }
        }
    }

    /** A prepared replay: the machine and workload, ready to run once. */
    public record Prepared(Machine machine, TraceWorkload workload, TraceSurvey survey, List<String> topDevices,
                           boolean fromRemaps, List<String> notes, PlacementPlan placement) {
        public RunResult run(LongConsumer progress, ReplayRun.Options options) {
            return ReplayRun.run(machine, workload, options, progress);
        }

        /**
         * What placement did, one line per placed device ("placed hm_1 on vg-data: 1204 requests, 17 wrapped"),
         * once the run has read the trace; empty when the trace was not placed.
         */
        public List<String> placementLines() {
            List<String> out = new ArrayList<>();
            if (placement == null) {
                return out;
            }
            String how = placement.fit() == Fit.WRAP ? "wrapped" : "scaled";
            for (PlacedSource.RouteCounts c : workload.placement()) {
                out.add("placed " + c.route().traceName() + " on " + c.route().target() + ": " + c.placed()
                        + " requests, " + c.moved() + " " + how + " into the device, " + c.truncated()
                        + " truncated to its size");
            }
            return out;
        }
    }

    /** The prefix of the notes that a user must see (the CLI prints them on stderr too). */
    public static final String WARNING = "warning: ";

    private TraceReplay() {
    }

    /**
     * A table dump beside a trace file (one of {@link #TABLE_NAMES} in its directory), or null. A bundle directory
     * and a Parquet store carry their own dumps, which {@link TraceOpener} finds.
     */
    static Path tableBeside(Path traceFile) {
        Path dir = traceFile.toAbsolutePath().getParent();
        for (String n : TABLE_NAMES) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    public static Prepared prepare(Setup s) throws IOException {
        TopLevelSpill[] made = new TopLevelSpill[1];
        try {
            return prepare(s, made);
        } catch (IOException | RuntimeException | Error e) {
            if (made[0] != null) {
                made[0].close(); // not handed to the workload: its temporary file goes now
            }
            throw e;
        }
    }

    /** {@link #prepare(Setup)}, leaving in {@code made} the spill it makes (for it to close on a failure). */
    private static Prepared prepare(Setup s, TopLevelSpill[] made) throws IOException {
        ReadOptions ro = s.lenient() ? ReadOptions.LENIENT : ReadOptions.STRICT;
        Path tableOverride = s.table();
        if (tableOverride == null && !Files.isDirectory(s.trace())) {
            tableOverride = tableBeside(s.trace());
        }
        Path tablePath = tableOverride;
        List<String> notes = new ArrayList<>();
        // survey once (every device a candidate); the bundle opener also finds the bundle's dm dumps
        TraceSurvey all = null;
        PlacementSurvey placing = null;
        Map<Integer, String> traceNames = new LinkedHashMap<>();
        DmTopology topo;
        SortedMap<String, String> dumps;
        TraceShaping shaping = s.shaping();
        try (OpenedTrace ot = TraceOpener.open(s.trace(), ro, tableOverride)) {
            if (ot.topology() == null) {
                throw TableFormatException.of(s.trace().toString(), "no dmsetup table: none in the bundle or the "
                        + "store, none of " + TABLE_NAMES + " beside the trace, and no --table");
            }
            dumps = ot.dumpTexts();
            topo = ot.topology();
            if (shaping.places()) {
                placing = PlacementSurvey.scan(ot.events());
                ot.inputNames().forEach((d, n) -> traceNames.put(d.kernel(), n));
            } else if (!ot.topology().numbersKnown() && s.devnos().isEmpty()) {
                // only binding a table without device numbers to the trace needs every traced device; otherwise
                // this pass over the whole trace is skipped (the survey below reads it once more in any case)
                all = TraceSurvey.scan(dev.dmreplay.replay.workload.ReadAheadSource.of(ot.events()), Set.of());
            }
        }
        String tableSource = tablePath != null ? tablePath.toString() : s.trace() + "[dmsetup_table]";
        if (!s.devnos().isEmpty()) {
            topo = rebuild(tableSource, dumps, s.devnos());
        }
        checkAreas(s, tablePath, tableSource, topo);
        PlacementPlan plan = null;
        Map<Integer, String> tops = new LinkedHashMap<>();
        if (shaping.places()) {
            topo = numbered(tableSource, dumps, topo, s.devnos());
            plan = PlacementPlan.resolve(shaping.map(), shaping.fit(), placing, traceNames::get, targets(topo));
            tops.putAll(plan.targets());
            for (PlacementPlan.Route r : plan.routes()) {
                notes.add("placed " + r.traceName() + " (" + r.queues() + " Q records, reaching sector " + r.extent()
                        + ") on " + r.target() + " (" + r.targetSectors() + " sectors)"
                        + (r.exceeds() ? ": offsets beyond its end " + (shaping.fit() == Fit.WRAP ? "wrap around"
                        : "are scaled by " + r.targetSectors() + "/" + r.extent()) : ""));
            }
            if (!plan.ignored().isEmpty()) {
                notes.add("not placed (Q records counted, not replayed): " + String.join(", ", plan.ignored()));
            }
        } else {
            Bound b = bindTops(tableSource, dumps, topo, all, s, notes);
            topo = b.topology();
            tops.putAll(b.tops());
        }
        if (!shaping.window().isAll() || !shaping.sampling().isAll()) {
            notes.add("selection: " + shaping.selection(s.seed()).describe(Durations::format));
        }
        PlacementPlan route = plan;
        Path override = tableOverride;
        TraceWorkload.Opener opener = route == null ? () -> TraceOpener.open(s.trace(), ro, override).events()
                : () -> new PlacedSource(TraceOpener.open(s.trace(), ro, override).events(), route);
        TraceSurvey survey;
        TableFit fit = new TableFit(topo, tops, tableSource);
        // thin pools: when the kernel's pool worker ran, learnt in the same pass (not for a trace placed elsewhere)
        dev.dmreplay.replay.workload.ThinWorkerRuns workerRuns = route == null
                ? new dev.dmreplay.replay.workload.ThinWorkerRuns(thinPools(topo)) : null;
        // mirrors: when kmirrord ran for each write, learnt in the same pass
        dev.dmreplay.replay.workload.MirrorWorkerRuns mirrorRuns = route == null
                ? new dev.dmreplay.replay.workload.MirrorWorkerRuns(mirrors(topo)) : null;
        // dm-raid raid1: when the kernel's resync reached each window, learnt in the same pass
        dev.dmreplay.replay.workload.Raid1ResyncRuns resyncRuns = route == null
                ? new dev.dmreplay.replay.workload.Raid1ResyncRuns(raid1DataLegs(topo)) : null;
        // dm-raid raid1: whether the kernel submitted the mirror writes from the array's submitters, same pass
        dev.dmreplay.replay.workload.Raid1WriteIssuers raid1Issuers = route == null
                ? new dev.dmreplay.replay.workload.Raid1WriteIssuers(raid1Arrays(topo)) : null;
        // snapshots and thin pools: when the kernel's kcopyd ran each copy and zeroing, learnt in the same pass
        dev.dmreplay.replay.workload.KcopydIo copyIo = route == null
                ? new dev.dmreplay.replay.workload.KcopydIo(kcopydDevices(topo), snapshotCows(topo)) : null;
        // snapshots: the kcopyd worker's lag from a copy finishing to its metadata commit, learnt in the same pass
        dev.dmreplay.replay.workload.SnapshotCommitLag commitLag = route == null
                ? new dev.dmreplay.replay.workload.SnapshotCommitLag(snapshotCows(topo)) : null;
        // dm-crypt: when the kernel submitted each write's encrypted clone, learnt in the same pass
        dev.dmreplay.replay.workload.CryptWorkerRuns cryptRuns = route == null
                ? new dev.dmreplay.replay.workload.CryptWorkerRuns(cryptDevices(topo)) : null;
        // read ahead on a second core, where the table fit and the learners see each event too (they depend on the
        // events alone); the survey's own work is on this thread
        // dm-cache (smq): where the kernel put each origin block, to fit its waker's phase (CacheWakerPhase)
        dev.dmreplay.replay.workload.CacheWakerPhase wakerPhase = route == null && shaping.window().isAll()
                && s.knobs().targets().cacheWakerPhaseNs() <= 0 ? cacheWakerPhase(topo) : null;
        // dm-cache (smq): the promotions the kernel made, for the run to follow (TracedPromotions)
        dev.dmreplay.replay.workload.CachePromotions promotions = route == null && shaping.window().isAll()
                && s.knobs().targets().cachePromotions() == dev.dmreplay.replay.strategy.TargetKnobs.CachePromotions.TRACE
                ? cachePromotions(topo) : null;
        java.util.function.Consumer<dev.dmreplay.ingest.model.BlockEvent> learning =
                learners(fit, topo, workerRuns, mirrorRuns, resyncRuns, raid1Issuers, copyIo, cryptRuns,
                        commitLag);
        if (wakerPhase != null) {
            learning = learning.andThen(wakerPhase);
        }
        if (promotions != null) {
            learning = learning.andThen(promotions);
        }
        // the run's top-level bios are picked in the same pass, into a temporary file the run reads instead of the
        // trace (TopLevelSpill: the trace is decoded once), for the devices the run's filter will have if no target
        // issues I/O of its own (checked again once the machine is built: otherwise the run reads the trace)
        TraceSelection selection = shaping.selection(s.seed());
        EventSource traced = opener.open();
        TopLevelSpill spill = spillable(topo) ? spill(traced, tops, numberedDevices(tops, topo), selection) : null;
        made[0] = spill;
        try (EventSource src = dev.dmreplay.replay.workload.ReadAheadSource.of(spill == null ? traced : spill.source(),
                learning)) {
            // per-bio map times serve dmcrypt_write, which issues on the traced times (LayerCpu)
            // per-bio completion times serve dm-cache's tick bios (TraceSurvey#scan)
            survey = TraceSurvey.scan(src, tops.keySet(), e -> { }, !cryptDevices(topo).isEmpty(), hasCache(topo),
                    layers(topo));
        }
        boolean fromRemaps = survey.topQueues == 0;
        if (fromRemaps) {
            if (survey.topRemaps == 0) {
                throw TraceFormatException.of(s.trace().toString(), "the trace has neither Q events on the top"
                        + " device(s) " + tops.values() + " nor remap events from them");
            }
            notes.add("top devices not traced: top-level bios reconstructed from " + survey.topRemaps + " remap events");
            if (fit.continuedRemaps() > 0) {
                // the trace does not say which remaps were one bio: joining contiguous ones would also join
                // back-to-back sequential bios of one task, so they are replayed as they are and this says so
                notes.add(WARNING + "the top device(s) " + tops.values() + " were not traced: " + fit.continuedRemaps()
                        + " of the " + survey.topRemaps + " remap events continue the same task's previous remap (the"
                        + " pieces of a bio DM split at a target or stripe boundary, or back-to-back sequential"
                        + " bios) and each is replayed as a top-level bio of its own: splits, clone and pool use"
                        + " and Q2C may differ from a replay of the top devices' own Q events; trace the DM"
                        + " device(s) too");
            }
        }
        for (String w : fit.warnings()) {
            notes.add(WARNING + w);
        }
        TraceSurvey fs = survey;
        StackSpec spec = TopologyStacks.build(tableSource, topo, ref -> leaf(ref, fs, s, notes), List.of(), List.of(), Map.of());
        Machine m;
        try {
            m = new Machine(spec, s.knobs(), s.pressure(), s.seed());
        } catch (TableFormatException e) {
            throw e.in(tableSource);
        }
        Path thinDump = thinDump(s);
        if (thinDump != null) {
            notes.add(dev.dmreplay.replay.target.thin.ThinSeeding.seed(m.devices(),
                    dev.dmreplay.ingest.thin.ThinDumpReader.read(thinDump)));
        }
        if (workerRuns != null && s.mode().kind() != ReplayMode.Kind.AFAP) {
            long origin = survey.firstTime + shaping.selection(s.seed()).window().fromNs();
            thinWorkerRuns(m, workerRuns, origin, s.mode(), notes);
            mirrorWorkerRuns(m, mirrorRuns, origin, s.mode(), notes);
            raid1ResyncRuns(m, resyncRuns, origin, s.mode(), notes);
            raid1WriteIssuers(m, raid1Issuers, notes);
            kcopydStarts(m, copyIo, origin, s.mode(), notes);
            cryptWriteTakes(m, cryptRuns, origin, s.mode(), notes);
            snapshotCommitLag(m, commitLag, s.mode(), notes);
        }
        // a recorded workload plugs and merges at the disks as the kernel did (scenarios keep bio-at-a-time dispatch)
        m.layer.plugging(true);
        if (s.mode().kind() == ReplayMode.Kind.TIMED) {
            // the model's clock is the trace's from the window's start on: flushes take the kernel's flush of the
            // same moment (TraceServiceModel#followTraceTime), a request the kernel merged into a larger one that
            // request's time (TraceServiceModel#coveringRequests)
            long from = shaping.selection(s.seed()).window().fromNs();
            dev.dmreplay.replay.sim.Simulator sim = m.kernel.sim;
            for (DevRef r : topo.leaves()) {
                if (m.deviceOrNull(r.toString()) instanceof dev.dmreplay.replay.block.LeafDevice leaf
                        && leaf.model() instanceof TraceServiceModel t) {
                    t.followTraceTime(() -> sim.now() + from);
                    t.coveringRequests();
                }
            }
        }
        if (s.leafLatencyNs() <= 0) {
            for (DevRef r : topo.leaves()) {
                TraceSurvey.DeviceSurvey d = r.isNumber() ? survey.devices.get(r.number().kernel()) : null;
                if (d != null && d.q2d.total() > 0
                        && m.deviceOrNull(r.toString()) instanceof dev.dmreplay.replay.block.LeafDevice leaf
                        && !s.leafOverrides().containsKey(r.toString())) {
                    TraceServiceModel q2d = d.q2d.build(1);
                    if (s.mode().kind() == ReplayMode.Kind.TIMED) {
                        // a flush's Q→D is blk-flush's wait for the flush already running and kblockd's dispatch:
                        // the state of the queue at that moment, as its D→C is the state of the cache
                        long from = shaping.selection(s.seed()).window().fromNs();
                        dev.dmreplay.replay.sim.Simulator sim = m.kernel.sim;
                        q2d.followTraceTime(() -> sim.now() + from);
                    }
                    leaf.queueToDispatch(q2d);
                    notes.add("leaf " + r + ": trace-driven Q2D from " + d.q2d.total() + " requests");
                }
            }
        }
        if (s.leafLatencyNs() <= 0) {
            for (MappedDevice md : topo.bottomUp()) {
                TraceSurvey.DeviceSurvey d = md.devNo() == null ? null : survey.devices.get(md.devNo().kernel());
                if (d != null && (d.mapCpu.total() > 0 || d.ownIssueCpu.total() > 0 || d.endioCpu.total() > 0)
                        && m.deviceOrNull(md.name()) instanceof dev.dmreplay.replay.dm.MappedDevice mdev) {
                    TraceServiceModel.Builder map = mapCpuSamples(d, md.devNo().kernel(), workerRuns, cryptRuns);
                    // a thin device's samples are its in-line remaps; an op it never remapped in line (reads of
                    // unprovisioned blocks, all deferred to the pool worker) takes no map time of another op's
                    TraceServiceModel mapModel = map.total() == 0 ? null
                            : map == d.ownMapCpu && isCryptSubmittingWrites(md.devNo().kernel(), cryptRuns)
                                    || workerRuns != null && map == workerRuns.mapCpu(md.devNo().kernel())
                            ? map.build(1).ownOpsOnly() : map.build(1);
                    // the gaps between the bios one request ends: the top devices' bios only (see LayerCpu)
                    boolean endioNext = d.endioNextCpu.total() > 0 && tops.containsKey(md.devNo().kernel());
                    mdev.layerCpu(new dev.dmreplay.replay.dm.LayerCpu(mapModel,
                            d.endioCpu.total() > 0 ? d.endioCpu.build(1) : null,
                            endioNext ? d.endioNextCpu.build(1) : null, m.kernel.sim.random("cpu:" + md.name())));
                    notes.add("mapped " + md.name() + ": trace-driven CPU time from " + map.total()
                            + " remaps and " + d.endioCpu.total() + " completions"
                            + (endioNext ? " (" + d.endioNextCpu.total() + " one after another)" : ""));
                }
                if (d != null && d.flushDataHop.total() > 0
                        && m.deviceOrNull(md.name()) instanceof dev.dmreplay.replay.dm.MappedDevice mdev) {
                    TraceServiceModel hop = d.flushDataHop.build(1);
                    if (s.mode().kind() == ReplayMode.Kind.TIMED) {
                        // kdmflush's wait is the state of the CPUs at that moment: the nearest one on the trace's
                        // clock, not the n-th (the model may commit more or less often than the kernel)
                        long from = shaping.selection(s.seed()).window().fromNs();
                        dev.dmreplay.replay.sim.Simulator sim = m.kernel.sim;
                        hop.followTraceTimeForAll(() -> sim.now() + from);
                    }
                    mdev.flushDataHop(hop, m.kernel.sim.random("kdmflush:" + md.name()));
                    notes.add("mapped " + md.name() + ": kdmflush resubmits a flushed bio's data after the trace's own"
                            + " delays (" + d.flushDataHop.total() + " learnt)");
                }
                if (d != null && d.workerRemap.total() > 0
                        && m.deviceOrNull(md.name()) instanceof dev.dmreplay.replay.dm.MappedDevice mdev
                        && realizedDelays(mdev, d.workerRemap, m)) {
                    notes.add("mapped " + md.name() + ": trace-driven delays from " + d.workerRemap.total()
                            + " re-issues by the delay worker");
                }
            }
        }
        for (DevRef r : topo.leaves()) {
            TraceSurvey.DeviceSurvey d = r.isNumber() ? survey.devices.get(r.number().kernel()) : null;
            if (d != null && d.lacksFua()
                    && m.deviceOrNull(r.toString()) instanceof dev.dmreplay.replay.block.LeafDevice leaf) {
                leaf.emulateFua(true);
                notes.add("leaf " + r + ": " + d.fuaQueued + " FUA writes queued, none dispatched with FUA: the"
                        + " queue has no FUA, so a flush follows each (blk-flush post-flush)");
            }
        }
        Map<Integer, String> numbered = numberedDevices(tops, topo);
        // Q events on the devices of targets that issue their lower I/O themselves (md raid1 legs, mirror legs;
        // a thin pool's worker, kcopyd, metadata writes) are that target's own I/O, which the model makes again:
        // they are not application bios
        List<String> own = new ArrayList<>();
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (d instanceof dev.dmreplay.replay.dm.MappedDevice md) {
                for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                    if (t.issuesOwnLowerIo()) {
                        for (dev.dmreplay.replay.block.BlockDevice low : t.devices()) {
                            if (low.devno != 0 && !tops.containsKey(low.devno)
                                    && numbered.remove(low.devno) != null) {
                                notes.add("Q events on " + low.name + " are " + t.type() + "'s own I/O to its legs,"
                                        + " not application bios");
                            }
                        }
                    }
                    for (dev.dmreplay.replay.block.BlockDevice o : t.ownIoDevices()) {
                        if (o.devno != 0 && numbered.remove(o.devno) != null) {
                            own.add(o.name);
                        }
                    }
                }
            }
        }
        if (!own.isEmpty()) {
            notes.add("Q records on " + String.join(", ", own) + " that no remap explains are issued by the targets'"
                    + " own threads (worker, kcopyd, metadata): the model issues its own instead of replaying them");
        }
        TraceWorkload w = new TraceWorkload(opener, tops, numbered, s.mode(), fromRemaps)
                .select(selection);
        Map<String, Map.Entry<Integer, Admission.Source>> limits = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> top : tops.entrySet()) {
            // with remap-reconstructed bios the top device has no Q records: the constant bounds it
            TraceSurvey.DeviceSurvey d = fromRemaps ? null : survey.devices.get(top.getKey());
            limits.put(top.getValue(), s.maxInFlight() > 0 ? Map.entry(s.maxInFlight(), Admission.Source.OPTION)
                    : d == null ? Admission.recorded(0, 0) : Admission.recorded(d.maxQueuedInFlight, d.completionRecords));
        }
        w.admission(new Admission(limits));
        if (issuesOwnIo(m)) {
            w.leaveWorkerIoToModel(true);
            notes.add("targets issue their own I/O (kcopyd, metadata): worker-issued bios below the top devices are "
                    + "left to the model, not replayed");
        }
        // the phase decides only which misses promote, once the first period ends: where the promotions follow the
        // kernel's, every output of the 18 cache captures was the same with and without the fit (its ~100 replays
        // of the trace's first seconds took most of a cache replay's time), so it is made for the policy alone
        if (wakerPhase != null && s.mode().kind() != ReplayMode.Kind.AFAP
                && (promotions == null || !promotions.shown())) {
            fitCacheWakerPhase(s, m, wakerPhase, notes);
        }
        if (promotions != null && s.mode().kind() != ReplayMode.Kind.AFAP) {
            followCachePromotions(m, promotions, notes);
        }
        if (spill != null) {
            w.readFrom(spill); // or closes it, when the run's filter is not the one it was made for
        }
        return new Prepared(m, w, survey, List.copyOf(tops.values()), fromRemaps, notes, plan);
    }

    /**
     * The devices with a number, kernel dev_t → name: the top devices, the numbered leaves, then the numbered
     * mapped devices (what the run's filter models before the devices of targets issuing their own I/O are taken
     * out).
     */
    private static Map<Integer, String> numberedDevices(Map<Integer, String> tops, DmTopology topo) {
        Map<Integer, String> numbered = new LinkedHashMap<>(tops);
        for (DevRef r : topo.leaves()) {
            if (r.isNumber()) {
                numbered.put(r.number().kernel(), r.toString());
            }
        }
        for (MappedDevice md : topo.bottomUp()) {
            if (md.devNo() != null) {
                numbered.putIfAbsent(md.devNo().kernel(), md.name());
            }
        }
        return numbered;
    }

    /**
     * Whether no target of the table issues I/O of its own (dm-cache, snapshots, thin, mirror, dm-raid): then the
     * run's filter has the devices {@link #numberedDevices} gives and leaves nothing to the model, and the survey
     * can pick its bios ({@link TopLevelSpill}). Only saves the picking where it would not be used: the workload
     * checks the filter it would make against the spill's before reading it.
     */
    private static boolean spillable(DmTopology topo) {
        return topo.devices().stream().flatMap(md -> md.segments().stream()).map(seg -> seg.target())
                .noneMatch(t -> t instanceof dev.dmreplay.ingest.dm.CacheArgs
                        || t instanceof dev.dmreplay.ingest.dm.SnapshotArgs
                        || t instanceof dev.dmreplay.ingest.dm.SnapshotOriginArgs
                        || t instanceof dev.dmreplay.ingest.dm.ThinArgs
                        || t instanceof dev.dmreplay.ingest.dm.ThinPoolArgs
                        || t instanceof dev.dmreplay.ingest.dm.MirrorArgs
                        || t instanceof dev.dmreplay.ingest.dm.RaidArgs);
    }

    /** A spill recording the run's bios from {@code traced}, or null (then the run reads the trace again). */
    private static TopLevelSpill spill(EventSource traced, Map<Integer, String> tops, Map<Integer, String> devices,
                                       TraceSelection selection) {
        try {
            return TopLevelSpill.record(traced, tops, devices, selection);
        } catch (IOException | RuntimeException e) {
            return null; // no temporary file: not a reason to fail the replay
        }
    }

    /** Whether the table has a dm-cache target anywhere. */
    private static boolean hasCache(DmTopology topo) {
        return topo.devices().stream().flatMap(md -> md.segments().stream())
                .anyMatch(seg -> seg.target() instanceof dev.dmreplay.ingest.dm.CacheArgs);
    }

    /**
     * The table's first smq cache (at the table's start, its devices numbered) and what the trace shows of its
     * mapping; null when there is none.
     */
    private static dev.dmreplay.replay.workload.CacheWakerPhase cacheWakerPhase(DmTopology topo) {
        dev.dmreplay.replay.workload.CacheDevices c = smqCache(topo);
        // an origin whose number is unknown gives no copy reads: the fit keeps its grid
        return c == null ? null : new dev.dmreplay.replay.workload.CacheWakerPhase(c);
    }

    /** The promotions learner of the cache {@link #cacheWakerPhase} finds; null when none, or its origin is unknown. */
    private static dev.dmreplay.replay.workload.CachePromotions cachePromotions(DmTopology topo) {
        dev.dmreplay.replay.workload.CacheDevices c = smqCache(topo);
        return c == null || !c.originKnown() ? null : new dev.dmreplay.replay.workload.CachePromotions(c);
    }

    /**
     * The table's first smq cache (at the table's start, its mapped and cache devices numbered), which is the cache
     * the learnt phase and promotions are given to ({@link #cacheOf}); null when there is none.
     */
    private static dev.dmreplay.replay.workload.CacheDevices smqCache(DmTopology topo) {
        for (MappedDevice md : topo.devices()) {
            for (dev.dmreplay.ingest.dm.Segment seg : md.segments()) {
                if (seg.target() instanceof dev.dmreplay.ingest.dm.CacheArgs ca && seg.start() == 0
                        && md.devNo() != null && number(topo, ca.cache()) != null
                        && List.of("smq", "mq", "default").contains(ca.policy())) {
                    Integer origin = number(topo, ca.origin());
                    return new dev.dmreplay.replay.workload.CacheDevices(md.devNo().kernel(),
                            number(topo, ca.cache()), origin == null ? -1 : origin, ca.blockSectors());
                }
            }
        }
        return null;
    }

    /** Makes the cache's policy promote as the traced kernel did, when the trace shows its promotions. */
    private static void followCachePromotions(Machine m, dev.dmreplay.replay.workload.CachePromotions learnt,
                                              List<String> notes) {
        dev.dmreplay.replay.target.cache.Cache cache = cacheOf(m);
        if (cache == null || !learnt.shown()) {
            return;
        }
        if (cache.followPromotions(learnt.promotions())) {
            notes.add("cache: promotions follow the kernel's (" + learnt.size() + " in the trace"
                    + (learnt.horizonNs() == Long.MAX_VALUE ? ""
                    : ", up to " + Durations.format(learnt.horizonNs()) + "; the policy decides after that") + ")");
        }
    }

    /**
     * Fits the cache's waker phase by replaying the trace's first seconds under candidate phases ({@link
     * dev.dmreplay.replay.workload.CacheWakerPhase#fit}) and sets it on {@code m}'s cache; the knob
     * {@code cacheWakerPhase} overrides (no fit is made then).
     */
    private static void fitCacheWakerPhase(Setup s, Machine m, dev.dmreplay.replay.workload.CacheWakerPhase learnt,
                                           List<String> notes) throws IOException {
        dev.dmreplay.replay.target.cache.Cache cache = cacheOf(m);
        if (cache == null) {
            return;
        }
        java.util.function.LongFunction<Map<Long, Long>> replay = phase -> {
            try {
                Prepared p = prepare(new Setup(s.trace(), s.table(),
                        s.knobs().with("cacheWakerPhase", phase + "ns"), s.pressure(), s.seed(), s.mode(), s.devnos(),
                        s.leafLatencyNs(), s.leafQueueDepth(), s.lenient(), s.options(), s.leafOverrides(),
                        new TraceShaping(null, Fit.WRAP, new dev.dmreplay.ingest.place.TimeWindow(0,
                                learnt.horizonNs()),
                                dev.dmreplay.ingest.place.Sampling.ALL), s.maxInFlight(), s.thinMetadata()));
                p.run(null, s.options());
                dev.dmreplay.replay.target.cache.Cache c = cacheOf(p.machine());
                Map<Long, Long> out = new java.util.HashMap<>();
                learnt.mapping().keySet().forEach(o -> out.put(o, c.cblockOf(o)));
                return out;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        dev.dmreplay.replay.workload.CacheWakerPhase.Fit f;
        try {
            f = learnt.fit(replay);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        cache.wakerFirstTickAfter(f.phaseNs());
        notes.add(f.learnt() ? "cache: waker phase " + Durations.format(f.phaseNs()) + " fitted from the trace's"
                + " cache mapping (" + f.matched() + " of " + f.shown() + " origin blocks in the kernel's cache block"
                + " in the first " + Durations.format(learnt.horizonNs())
                + ", " + f.candidates() + " candidate phases)"
                : "cache: the trace shows no cache mapping (no remaps to the cache device): waker phase "
                + Durations.format(f.phaseNs()) + " (the default)");
    }

    private static dev.dmreplay.replay.target.cache.Cache cacheOf(Machine m) {
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (d instanceof dev.dmreplay.replay.dm.MappedDevice md) {
                for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                    if (t instanceof dev.dmreplay.replay.target.cache.CacheTarget ct) {
                        return ct.cache();
                    }
                }
            }
        }
        return null;
    }

    /**
     * What the survey shows each event to: the table fit, and those of the learners (null when the trace is placed)
     * that watch a device of this table; a learner with nothing to watch ignores every event, and calling it per
     * record was a tenth of the survey's time on a table of linear and striped targets.
     */
    private static java.util.function.Consumer<dev.dmreplay.ingest.model.BlockEvent> learners(TableFit fit,
            DmTopology topo, dev.dmreplay.replay.workload.ThinWorkerRuns workerRuns,
            dev.dmreplay.replay.workload.MirrorWorkerRuns mirrorRuns,
            dev.dmreplay.replay.workload.Raid1ResyncRuns resyncRuns,
            dev.dmreplay.replay.workload.Raid1WriteIssuers raid1Issuers, dev.dmreplay.replay.workload.KcopydIo copyIo,
            dev.dmreplay.replay.workload.CryptWorkerRuns cryptRuns,
            dev.dmreplay.replay.workload.SnapshotCommitLag commitLag) {
        java.util.function.Consumer<dev.dmreplay.ingest.model.BlockEvent> c = fit;
        if (workerRuns == null) {
            return c;
        }
        if (!thinPools(topo).isEmpty()) {
            c = c.andThen(workerRuns);
        }
        if (!mirrors(topo).isEmpty()) {
            c = c.andThen(mirrorRuns);
        }
        if (!raid1DataLegs(topo).isEmpty()) {
            c = c.andThen(resyncRuns).andThen(raid1Issuers);
        }
        if (!kcopydDevices(topo).isEmpty()) {
            c = c.andThen(copyIo);
        }
        if (!cryptDevices(topo).isEmpty()) {
            c = c.andThen(cryptRuns);
        }
        if (!commitLag.devices().isEmpty()) {
            c = c.andThen(commitLag);
        }
        return c;
    }

    /** {@code upper << 32 | lower} kernel device numbers of each mapped device and each device its table references. */
    private static Set<Long> layers(DmTopology topo) {
        Set<Long> out = new java.util.HashSet<>();
        for (dev.dmreplay.ingest.dm.MappedDevice md : topo.devices()) {
            if (md.devNo() == null) {
                continue;
            }
            for (dev.dmreplay.ingest.dm.Lower l : topo.lowers(md.name())) {
                dev.dmreplay.ingest.model.DevNo lower = l.isDm()
                        ? topo.device(l.dmName()).map(dev.dmreplay.ingest.dm.MappedDevice::devNo).orElse(null)
                        : l.ref().number();
                if (lower != null) {
                    out.add((long) md.devNo().kernel() << 32 | (lower.kernel() & 0xffffffffL));
                }
            }
        }
        return out;
    }

    /** The table's devices bound to the trace's numbers, and the top-level ones bios are submitted to. */
    private record Bound(DmTopology topology, Map<Integer, String> tops) {
    }

    /**
     * Binds the table's mapped devices to traced device numbers: from the dumps, from {@code --devno}, or on its
     * own when exactly one mapped device and one traced non-leaf device are left.
     */
    private static Bound bindTops(String tableSource, SortedMap<String, String> dumps, DmTopology topo,
                                  TraceSurvey all, Setup s, List<String> notes) {
        Set<Integer> leafNumbers = new TreeSet<>();
        for (DevRef r : topo.leaves()) {
            if (r.isNumber()) {
                leafNumbers.add(r.number().kernel());
            }
        }
        if (!topo.numbersKnown() && s.devnos().isEmpty()) {
            List<Integer> unknown = new ArrayList<>();
            for (int dev : all.devices.keySet()) {
                if (!leafNumbers.contains(dev)) {
                    unknown.add(dev);
                }
            }
            if (topo.devices().size() == 1 && unknown.size() == 1) {
                String name = topo.devices().get(0).name();
                DevNo d = DevNo.ofKernel(unknown.get(0));
                topo = rebuild(tableSource, dumps, Map.of(name, d.colon()));
                notes.add("bound " + name + " to traced device " + d.colon());
            } else if (topo.devices().size() > 1 || unknown.size() > 1) {
                throw TableFormatException.of(tableSource, "cannot tell which traced device is which mapped"
                        + " device (" + topo.devices().size() + " tables, " + unknown.size()
                        + " traced non-leaf devices): give --devno NAME=MAJOR:MINOR or a dmsetup ls/info dump,"
                        + " or place the trace on the table with --map");
            }
        }
        Map<Integer, String> tops = new LinkedHashMap<>();
        for (MappedDevice md : topo.topLevel()) {
            if (md.devNo() != null) {
                tops.put(md.devNo().kernel(), md.name());
            }
        }
        if (tops.isEmpty()) {
            throw TableFormatException.of(tableSource, "no top-level mapped device with a known number");
        }
        return new Bound(topo, tops);
    }

    /**
     * The topology with a number for every mapped device: a table placed onto needs none of the trace's numbers,
     * so devices the dumps do not number get free device-mapper minors (253:4096 and up, above what a test machine
     * uses), stated nowhere because the trace never refers to them.
     */
    private static DmTopology numbered(String tableSource, SortedMap<String, String> dumps, DmTopology topo,
                                       Map<String, String> devnos) {
        Map<String, String> numbers = new LinkedHashMap<>(devnos);
        int minor = 4096;
        boolean missing = false;
        for (MappedDevice md : topo.devices()) {
            if (md.devNo() == null && !numbers.containsKey(md.name())) {
                numbers.put(md.name(), "253:" + minor++);
                missing = true;
            } else if (md.devNo() != null) {
                numbers.putIfAbsent(md.name(), md.devNo().colon());
            }
        }
        return missing ? rebuild(tableSource, dumps, numbers) : topo;
    }

    /** The table's mapped devices as placement targets. */
    private static List<PlacementPlan.Target> targets(DmTopology topo) {
        Set<String> top = new java.util.HashSet<>();
        for (MappedDevice md : topo.topLevel()) {
            top.add(md.name());
        }
        List<PlacementPlan.Target> out = new ArrayList<>();
        for (MappedDevice md : topo.devices()) {
            out.add(new PlacementPlan.Target(md.name(), md.devNo(), md.sectors(), top.contains(md.name())));
        }
        return out;
    }

    /**
     * The {@code thin_dump} to seed a thin pool from: the one given, else a bundle directory's
     * {@code thin-dump-before.xml}, else null.
     */
    static Path thinDump(Setup s) throws IOException {
        if (s.thinMetadata() != null) {
            if (!Files.isRegularFile(s.thinMetadata())) {
                throw TableFormatException.of(s.thinMetadata().toString(), "no such file: expected the XML that"
                        + " thin_dump printed for the pool's metadata");
            }
            return s.thinMetadata();
        }
        if (Files.isDirectory(s.trace())) {
            return dev.dmreplay.ingest.bundle.BundleLayout.scan(s.trace()).dumps().thinBefore();
        }
        return null;
    }

    /**
     * Refuses a table the kernel would refuse for a target beyond its lower device ({@link DeviceAreaCheck}), with
     * the sizes of the mapped devices' own tables and, in a bundle, of its {@code lsblk} dump.
     */
    private static void checkAreas(Setup s, Path tablePath, String tableSource, DmTopology topo) throws IOException {
        Map<Integer, Long> disks = Map.of();
        String source = tablePath != null ? tablePath.toString() : tableSource;
        if (Files.isDirectory(s.trace())) {
            dev.dmreplay.ingest.bundle.DmDumps d = dev.dmreplay.ingest.bundle.BundleLayout.scan(s.trace()).dumps();
            if (d.lsblk() != null) {
                disks = dev.dmreplay.ingest.dm.LsblkSizes.parse(Files.readString(d.lsblk(), StandardCharsets.UTF_8));
            }
            if (tablePath == null && d.table() != null) {
                source = d.table().toString();
            }
        }
        dev.dmreplay.ingest.dm.DeviceAreaCheck.check(source, topo, disks);
    }

    /**
     * A table of delay targets delays each bio by a draw from the trace's re-issue times of that device
     * ({@link dev.dmreplay.replay.target.DelayTarget#realizedDelays}); returns false for any other table.
     */
    private static boolean realizedDelays(dev.dmreplay.replay.dm.MappedDevice md,
                                          dev.dmreplay.replay.block.TraceServiceModel.Builder samples, Machine m) {
        boolean any = false;
        for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
            if (t instanceof dev.dmreplay.replay.target.DelayTarget dt) {
                dt.realizedDelays(samples.build(1), m.kernel.sim.random("delay:" + md.name));
                any = true;
            }
        }
        return any;
    }

    /** The thin pools of the table whose pool, metadata, data and thin devices all have trace numbers. */
    private static List<dev.dmreplay.replay.workload.ThinWorkerRuns.Pool> thinPools(DmTopology topo) {
        List<dev.dmreplay.replay.workload.ThinWorkerRuns.Pool> out = new ArrayList<>();
        for (MappedDevice md : topo.devices()) {
            if (md.devNo() == null || md.segments().size() != 1
                    || !(md.segments().get(0).target() instanceof dev.dmreplay.ingest.dm.ThinPoolArgs pa)) {
                continue;
            }
            Integer meta = number(topo, pa.metadata());
            Integer data = number(topo, pa.data());
            Set<Integer> thins = new TreeSet<>();
            Map<Integer, dev.dmreplay.replay.workload.ThinWorkerRuns.Origin> origins = new java.util.HashMap<>();
            for (MappedDevice t : topo.devices()) {
                for (dev.dmreplay.ingest.dm.Segment seg : t.segments()) {
                    if (t.devNo() != null && seg.target() instanceof dev.dmreplay.ingest.dm.ThinArgs ta
                            && Integer.valueOf(md.devNo().kernel()).equals(number(topo, ta.pool()))) {
                        thins.add(t.devNo().kernel());
                        Integer o = ta.externalOrigin() == null ? null : number(topo, ta.externalOrigin());
                        if (o != null) {
                            // tc->origin_size is the origin device's size: a mapped one's table says it
                            long size = topo.resolve(ta.externalOrigin()).map(MappedDevice::sectors)
                                    .orElse(Long.MAX_VALUE);
                            origins.put(t.devNo().kernel(),
                                    new dev.dmreplay.replay.workload.ThinWorkerRuns.Origin(o, size));
                        }
                    }
                }
            }
            if (meta != null && data != null && !thins.isEmpty()) {
                out.add(new dev.dmreplay.replay.workload.ThinWorkerRuns.Pool(md.devNo().kernel(), meta, data, thins,
                        pa.blockSectors(), !pa.hasFeature("skip_block_zeroing"), origins));
            }
        }
        return out;
    }

    /** A dm-crypt device whose writes the trace shows {@code dmcrypt_write} submitting (see {@link #mapCpuSamples}). */
    private static boolean isCryptSubmittingWrites(int devno, dev.dmreplay.replay.workload.CryptWorkerRuns cryptRuns) {
        return cryptRuns != null && cryptRuns.crypts().contains(devno) && !cryptRuns.submitted(devno).isEmpty();
    }

    /**
     * The samples of a mapped device's map-path CPU time: a thin device's own, without the pool worker's remaps
     * ({@code ThinWorkerRuns#mapCpu}); a crypt device's without {@code dmcrypt_write}'s, whose submission times are
     * replayed; a device that leaves no remap records (md raid1 under dm-raid) from its Q to its task's first lower Q;
     * otherwise Q to A.
     */
    private static TraceServiceModel.Builder mapCpuSamples(TraceSurvey.DeviceSurvey d, int devno,
                                                           dev.dmreplay.replay.workload.ThinWorkerRuns workerRuns,
                                                           dev.dmreplay.replay.workload.CryptWorkerRuns cryptRuns) {
        if (workerRuns != null && workerRuns.mapCpu(devno) != null) {
            return workerRuns.mapCpu(devno);
        }
        if (isCryptSubmittingWrites(devno, cryptRuns) && d.ownMapCpu.total() > 0) {
            return d.ownMapCpu;
        }
        return d.mapCpu.total() == 0 && d.ownIssueCpu.total() > 0 ? d.ownIssueCpu : d.mapCpu;
    }

    /**
     * The devices kcopyd copies from, to or zeroes, numbered, with the smallest kcopyd I/O on each: snapshot origins
     * and COW devices (a chunk copy, any size) and thin pool devices (a whole block: {@code ll_zero}/{@code ll_copy} go to the pool
     * device).
     */
    private static Map<Integer, Long> kcopydDevices(DmTopology topo) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        for (MappedDevice md : topo.devices()) {
            for (dev.dmreplay.ingest.dm.Segment seg : md.segments()) {
                DevRef o = seg.target() instanceof dev.dmreplay.ingest.dm.SnapshotArgs sa ? sa.origin()
                        : seg.target() instanceof dev.dmreplay.ingest.dm.SnapshotOriginArgs oa ? oa.origin() : null;
                Integer n = o == null ? null : number(topo, o);
                if (n != null) {
                    out.merge(n, 1L, Math::min);
                }
                // a snapshot's COW device: where its copies write (the write phase's records)
                Integer cow = seg.target() instanceof dev.dmreplay.ingest.dm.SnapshotArgs sa ? number(topo, sa.cow())
                        : null;
                if (cow != null) {
                    out.merge(cow, 1L, Math::min);
                }
                if (seg.target() instanceof dev.dmreplay.ingest.dm.ThinPoolArgs pa && md.devNo() != null) {
                    out.merge(md.devNo().kernel(), pa.blockSectors(), Math::min);
                }
                // a thin device's external origin: kcopyd reads the part of a block the origin has, which may be
                // less than a block at the origin's end (schedule_external_copy)
                Integer ext = seg.target() instanceof dev.dmreplay.ingest.dm.ThinArgs ta && ta.externalOrigin() != null
                        ? number(topo, ta.externalOrigin()) : null;
                if (ext != null) {
                    out.merge(ext, 1L, Math::min);
                }
                // dm-cache: promotions read the origin and write the cache device, write-backs the other way,
                // always whole blocks through the cache's kcopyd client (mg_copy → copy)
                if (seg.target() instanceof dev.dmreplay.ingest.dm.CacheArgs ca) {
                    for (DevRef r : List.of(ca.origin(), ca.cache())) {
                        Integer c = number(topo, r);
                        if (c != null) {
                            out.merge(c, ca.blockSectors(), Math::min);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * kcopyd runs each copy and zeroing of snapshots, thin pools and caches no earlier than the traced kernel's did
     * ({@link dev.dmreplay.replay.kcopyd.KcopydStarts}, one schedule shared by every snapshot, one by every pool and
     * cache).
     */
    private static void kcopydStarts(Machine m, dev.dmreplay.replay.workload.KcopydIo learnt, long origin,
                                     ReplayMode mode, List<String> notes) {
        Map<String, Map<Long, long[]>> reads = new LinkedHashMap<>();
        Map<String, Map<Long, long[]>> writes = new LinkedHashMap<>();
        // which snapshot's COW each copy read was for, where the trace paired it with its write
        Map<String, Map<Long, Map<Long, String>>> readCows = new LinkedHashMap<>();
        long[] n = new long[2];
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (learnt.devices().contains(d.devno)) {
                n[0] += toReplayClock(learnt.reads(d.devno), d.name, reads, origin, mode);
                n[1] += toReplayClock(learnt.writes(d.devno), d.name, writes, origin, mode);
                Map<Long, Map<Long, String>> owned = readCows(m, learnt.readCows(d.devno), origin, mode);
                if (!owned.isEmpty()) {
                    readCows.put(d.name, owned);
                }
            }
        }
        if (reads.isEmpty() && writes.isEmpty()) {
            return;
        }
        // snapshots' copies in the kernel's worker runs as its plug records tell them (KcopydIo#runStarts), on the
        // replay's clock. Thin pools keep runs chained by the 50 us gap: with plug-told runs real-thin-snap and
        // real-crypt-thin each lost 3 exact bios (not looked into: the pool's worker plugs bios of its own too)
        long[] runs = learnt.runStarts();
        for (int i = 0; i < runs.length; i++) {
            runs[i] = mode.submitAt(runs[i] - origin, 0);
        }
        dev.dmreplay.replay.kcopyd.KcopydStarts snapshotStarts = new dev.dmreplay.replay.kcopyd.KcopydStarts(reads,
                writes, dev.dmreplay.replay.kcopyd.KcopydStarts.DEFAULT_MAX_WAIT_NS, runs, readCows);
        dev.dmreplay.replay.kcopyd.KcopydStarts starts = new dev.dmreplay.replay.kcopyd.KcopydStarts(reads, writes,
                dev.dmreplay.replay.kcopyd.KcopydStarts.DEFAULT_MAX_WAIT_NS);
        // a cache's copies wait for its migration worker as well as for kcopyd: on the captured 6.1 kernel a
        // promotion's copy read came up to 57 ms after the model's dispatch (x-cache-small), beyond the 50 ms that
        // tells a pool's copy of another block apart; cache copies are whole blocks at block boundaries, so the
        // n-th copy of a block pairs with the kernel's n-th without that risk
        dev.dmreplay.replay.kcopyd.KcopydStarts cacheStarts = new dev.dmreplay.replay.kcopyd.KcopydStarts(reads,
                writes, CACHE_COPY_MAX_WAIT_NS);
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (d instanceof dev.dmreplay.replay.dm.MappedDevice md) {
                for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                    if (t instanceof dev.dmreplay.replay.target.snapshot.SnapshotTarget st) {
                        st.snapshot().kcopyd().starts(snapshotStarts);
                        st.snapshot().kcopyd().orderWritesByRecord(true);
                    } else if (t instanceof dev.dmreplay.replay.target.thin.ThinPoolTarget pt) {
                        pt.pool().kcopyd().starts(starts);
                    } else if (t instanceof dev.dmreplay.replay.target.cache.CacheTarget ct) {
                        ct.cache().kcopyd().starts(cacheStarts);
                    }
                }
            }
        }
        notes.add("kcopyd runs each job when the kernel's did (" + n[0] + " copy reads and " + n[1]
                + " writes of " + String.join(", ", learnt.devices().stream().map(dn -> nameOf(m, dn)).toList()) + ")");
    }

    /** {@code byTraceTime} (sector → read time → COW dev_t) with times on the replay's clock and COWs by name. */
    private static Map<Long, Map<Long, String>> readCows(Machine m, Map<Long, Map<Long, Integer>> byTraceTime,
                                                         long origin, ReplayMode mode) {
        Map<Long, Map<Long, String>> out = new java.util.HashMap<>();
        byTraceTime.forEach((sector, byTime) -> {
            Map<Long, String> c = new java.util.HashMap<>();
            byTime.forEach((t, cow) -> c.put(mode.submitAt(t - origin, 0), nameOf(m, cow)));
            out.put(sector, c);
        });
        return out;
    }

    private static String nameOf(Machine m, int devno) {
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (d.devno == devno) {
                return d.name;
            }
        }
        return Integer.toString(devno);
    }

    /** Copies {@code bySector} into {@code into} under {@code name}, in the replay's clock; the records copied. */
    private static long toReplayClock(Map<Long, long[]> bySector, String name, Map<String, Map<Long, long[]>> into,
                                      long origin, ReplayMode mode) {
        if (bySector.isEmpty()) {
            return 0;
        }
        Map<Long, long[]> c = dev.dmreplay.replay.workload.TimeLists.toReplayClock(bySector, 1,
                x -> mode.submitAt(x - origin, 0));
        into.put(name, c);
        return c.values().stream().mapToLong(a -> a.length).sum();
    }

    /** The COW devices of the topology's snapshots, numbered. */
    private static Set<Integer> snapshotCows(DmTopology topo) {
        Set<Integer> out = new TreeSet<>();
        for (MappedDevice md : topo.devices()) {
            for (dev.dmreplay.ingest.dm.Segment seg : md.segments()) {
                if (seg.target() instanceof dev.dmreplay.ingest.dm.SnapshotArgs sa) {
                    Integer n = number(topo, sa.cow());
                    if (n != null) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Each persistent snapshot's kcopyd worker spends the traced kernel's median lag from a copy finishing to the
     * metadata commit before writing it ({@link dev.dmreplay.replay.workload.SnapshotCommitLag}).
     */
    private static void snapshotCommitLag(Machine m, dev.dmreplay.replay.workload.SnapshotCommitLag learnt,
                                          ReplayMode mode, List<String> notes) {
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (d instanceof dev.dmreplay.replay.dm.MappedDevice md) {
                for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                    if (t instanceof dev.dmreplay.replay.target.snapshot.SnapshotTarget st) {
                        long lag = learnt.medianLagNs(st.cowDevno());
                        Map<Long, Long> own = learnt.lagsBySector(st.cowDevno());
                        java.util.function.LongUnaryOperator scaled = sector -> {
                            Long l = own.get(sector);
                            return l == null ? -1 : mode.submitAt(l, 0) - mode.submitAt(0, 0);
                        };
                        if (lag > 0 && st.commitLag(mode.submitAt(lag, 0) - mode.submitAt(0, 0), scaled)) {
                            notes.add("snapshot " + md.name + ": metadata commit " + lag / 1000 + " us after the copy"
                                    + " (median of " + learnt.commits(st.cowDevno()) + " traced commits)");
                        }
                    }
                }
            }
        }
    }

    /** The topology's dm-crypt devices (one crypt segment), numbered. */
    private static Set<Integer> cryptDevices(DmTopology topo) {
        Set<Integer> out = new TreeSet<>();
        for (MappedDevice md : topo.devices()) {
            if (md.devNo() != null && md.segments().size() == 1
                    && md.segments().get(0).target() instanceof dev.dmreplay.ingest.dm.CryptArgs) {
                out.add(md.devNo().kernel());
            }
        }
        return out;
    }

    /**
     * Each crypt device's writes reach {@code dmcrypt_write} no earlier than the traced kernel submitted their
     * clones ({@link dev.dmreplay.replay.target.crypt.CryptTarget#writeTakes}).
     */
    private static void cryptWriteTakes(Machine m, dev.dmreplay.replay.workload.CryptWorkerRuns learnt, long origin,
                                        ReplayMode mode, List<String> notes) {
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (!(d instanceof dev.dmreplay.replay.dm.MappedDevice md) || !learnt.crypts().contains(d.devno)) {
                continue;
            }
            // each write reaches dmcrypt_write's tree when the kernel's thread took the batch it was in
            Map<Long, long[]> pairs = dev.dmreplay.replay.workload.CryptWriteBatches.batchStarts(
                    dev.dmreplay.replay.workload.TimeLists.toReplayClock(learnt.submitted(d.devno), 1,
                            t -> mode.submitAt(t - origin, 0)),
                    dev.dmreplay.replay.workload.CryptWriteBatches.BATCH_GAP_NS);
            if (pairs.isEmpty() && learnt.decryptGaps(d.devno).isEmpty()) {
                continue;
            }
            for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                if (t instanceof dev.dmreplay.replay.target.crypt.CryptTarget ct) {
                    // a write may reach the crypt device up to 1 ms before the kernel's Q there (the mapping of a
                    // striped or linear device above it costs the model no CPU time), as a thin pool's deferred bio
                    // (WorkerRunSchedule.EARLY_QUEUE_NS)
                    dev.dmreplay.replay.target.WorkerTakes takes = dev.dmreplay.replay.target.WorkerTakes.of(
                            dev.dmreplay.replay.workload.TimeLists.pairsInQOrder(pairs)).allowingEarly(1_000_000L);
                    ct.writeTakes(takes);
                    Map<Long, long[]> gaps = dev.dmreplay.replay.workload.TimeLists.toReplayClock(
                            learnt.decryptGaps(d.devno), 2, x -> mode.submitAt(x - origin, 0));
                    dev.dmreplay.replay.target.WorkerTakes decrypt = dev.dmreplay.replay.target.WorkerTakes.of(
                            dev.dmreplay.replay.workload.TimeLists.pairsInQOrder(gaps));
                    ct.readDecryptGaps(decrypt);
                    notes.add("crypt " + md.name + ": each write's clone is submitted when the kernel's was ("
                            + takes.size() + " writes paired with their remap), each read is decrypted after the"
                            + " kernel's delay (" + decrypt.size() + " reads)");
                }
            }
        }
    }

    /**
     * The longest a cache's copy waits for the kernel's record of it: above the 57 ms seen, and below the next
     * promotion of the same block (a longer bound, 1 s, paired some copies with a later copy of their block: the
     * fast device's write Q2C p90 on real-cache-wb-crypt 2.59 → 2.91 of the kernel's).
     */
    private static final long CACHE_COPY_MAX_WAIT_NS = 200_000_000L;

    /** The topology's numbered raid1 (dm-raid) arrays and their numbered data devices. */
    private static Map<Integer, Set<Integer>> raid1Arrays(DmTopology topo) {
        Map<Integer, Set<Integer>> out = new LinkedHashMap<>();
        raid1Legs(topo).forEach((md, legs) -> {
            if (md.devNo() != null) {
                out.computeIfAbsent(md.devNo().kernel(), k -> new java.util.HashSet<>()).addAll(legs);
            }
        });
        return out;
    }

    /**
     * Each bitmap-less raid1 array whose mirror writes the traced kernel submitted from the array's submitters
     * submits them so ({@link dev.dmreplay.replay.target.raid1.Raid1Conf#submitWritesDirectly}).
     */
    private static void raid1WriteIssuers(Machine m, dev.dmreplay.replay.workload.Raid1WriteIssuers learnt,
                                          List<String> notes) {
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (!(d instanceof dev.dmreplay.replay.dm.MappedDevice md) || !learnt.arrays().contains(d.devno)
                    || !learnt.submittedDirectly(d.devno)) {
                continue;
            }
            for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                if (t instanceof dev.dmreplay.replay.target.raid1.RaidTarget rt) {
                    rt.conf().submitWritesDirectly(true);
                    if (rt.conf().submitsWritesDirectly()) {
                        notes.add("raid1 " + md.name + ": no bitmap, mirror writes submitted by the array's"
                                + " submitters as on the traced kernel (" + learnt.bySubmitter(d.devno) + " of "
                                + (learnt.bySubmitter(d.devno) + learnt.byOthers(d.devno)) + " leg writes)");
                    }
                }
            }
        }
    }

    /** The data devices of the topology's raid1 (dm-raid) arrays, numbered. */
    private static List<Integer> raid1DataLegs(DmTopology topo) {
        List<Integer> out = new ArrayList<>();
        raid1Legs(topo).values().forEach(out::addAll);
        return out;
    }

    /** Each raid1 (dm-raid) array of the topology and its numbered data devices, in table order. */
    private static Map<MappedDevice, List<Integer>> raid1Legs(DmTopology topo) {
        Map<MappedDevice, List<Integer>> out = new LinkedHashMap<>();
        for (MappedDevice md : topo.devices()) {
            for (dev.dmreplay.ingest.dm.Segment seg : md.segments()) {
                if (seg.target() instanceof dev.dmreplay.ingest.dm.RaidArgs ra && ra.raidType().equals("raid1")) {
                    for (dev.dmreplay.ingest.dm.RaidLeg leg : ra.legs()) {
                        Integer n = leg.data() == null ? null : number(topo, leg.data());
                        if (n != null) {
                            out.computeIfAbsent(md, k -> new ArrayList<>()).add(n);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Each raid1 array's resync reaches a window no earlier than the traced kernel's did ({@link
     * dev.dmreplay.replay.target.raid1.RaidTarget#resyncWindowReads}): the learnt times in the replay's clock.
     */
    private static void raid1ResyncRuns(Machine m, dev.dmreplay.replay.workload.Raid1ResyncRuns learnt,
                                        long origin, ReplayMode mode, List<String> notes) {
        Map<String, Map<Long, Long>> byName = new LinkedHashMap<>();
        long windows = 0;
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (!learnt.dataLegs().contains(d.devno)) {
                continue;
            }
            Map<Long, Long> reads = new java.util.HashMap<>();
            learnt.windowReads(d.devno).forEach((sector, at) -> reads.put(sector, mode.submitAt(at - origin, 0)));
            if (!reads.isEmpty()) {
                byName.put(d.name, reads);
                windows += reads.size();
            }
        }
        if (byName.isEmpty()) {
            return;
        }
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (d instanceof dev.dmreplay.replay.dm.MappedDevice md) {
                for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                    if (t instanceof dev.dmreplay.replay.target.raid1.RaidTarget rt) {
                        rt.resyncWindowReads(byName);
                        notes.add("raid1 " + md.name + ": resync reaches each window when the kernel's did ("
                                + windows + " window reads)");
                    }
                }
            }
        }
    }

    /** The mirror devices of the topology (one mirror segment, numbered) and their legs' numbers. */
    private static List<dev.dmreplay.replay.workload.MirrorWorkerRuns.Mirror> mirrors(DmTopology topo) {
        List<dev.dmreplay.replay.workload.MirrorWorkerRuns.Mirror> out = new ArrayList<>();
        for (MappedDevice md : topo.devices()) {
            if (md.devNo() == null || md.segments().size() != 1
                    || !(md.segments().get(0).target() instanceof dev.dmreplay.ingest.dm.MirrorArgs ma)) {
                continue;
            }
            Set<Integer> legs = new TreeSet<>();
            for (dev.dmreplay.ingest.dm.StripeLeg leg : ma.mirrors()) {
                Integer n = number(topo, leg.dev());
                if (n != null) {
                    legs.add(n);
                }
            }
            Integer first = number(topo, ma.mirrors().get(0).dev());
            Integer log = ma.logDevice() == null ? null : number(topo, ma.logDevice());
            if (first != null && legs.size() == ma.mirrors().size()) {
                out.add(new dev.dmreplay.replay.workload.MirrorWorkerRuns.Mirror(md.devNo().kernel(), first,
                        ma.mirrors().get(0).offset(), legs, ma.regionSectors(),
                        log == null ? dev.dmreplay.replay.workload.MirrorWorkerRuns.NO_LOG : log));
            }
        }
        return out;
    }

    /**
     * Each mirror's kmirrord runs for a write when the traced kernel's did ({@link
     * dev.dmreplay.replay.target.mirror.MirrorTarget#workerRuns}): the learnt times in the replay's clock.
     */
    private static void mirrorWorkerRuns(Machine m, dev.dmreplay.replay.workload.MirrorWorkerRuns learnt,
                                         long origin, ReplayMode mode, List<String> notes) {
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (!(d instanceof dev.dmreplay.replay.dm.MappedDevice md) || !learnt.mirrors().contains(d.devno)) {
                continue;
            }
            for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                if (t instanceof dev.dmreplay.replay.target.mirror.MirrorTarget mt) {
                    Map<Long, long[]> taken = dev.dmreplay.replay.workload.TimeLists.toReplayClock(
                            learnt.taken(d.devno), 1, x -> mode.submitAt(x - origin, 0));
                    if (!taken.isEmpty()) {
                        dev.dmreplay.replay.target.WorkerTakes runs
                                = dev.dmreplay.replay.target.WorkerTakes.of(
                            dev.dmreplay.replay.workload.TimeLists.pairsInQOrder(taken));
                        mt.workerRuns(runs);
                        notes.add("mirror " + md.name + ": trace-driven kmirrord takes writes when the kernel's did ("
                                + runs.size() + " writes paired with their first leg write)");
                    }
                    Map<Long, long[]> readsTaken = dev.dmreplay.replay.workload.TimeLists.toReplayClock(
                            learnt.readsTaken(d.devno), 1, x -> mode.submitAt(x - origin, 0));
                    if (!readsTaken.isEmpty()) {
                        dev.dmreplay.replay.target.WorkerTakes reads = dev.dmreplay.replay.target.WorkerTakes.of(
                                dev.dmreplay.replay.workload.TimeLists.pairsInQOrder(readsTaken));
                        mt.readWorkerRuns(reads);
                        notes.add("mirror " + md.name + ": trace-driven kmirrord takes reads of regions not in sync"
                                + " when the kernel's did (" + reads.size() + " reads paired with their leg read)");
                    }
                    long[] gaps = learnt.legGaps(d.devno);
                    if (gaps.length > 0) {
                        mt.legGaps(gaps, m.kernel.sim.random("leg-gap:" + md.name));
                        notes.add("mirror " + md.name + ": kmirrord submits each next leg's copy after a gap drawn"
                                + " from the kernel's (" + gaps.length + " learnt)");
                    }
                    Map<Long, Long> starts = new java.util.HashMap<>();
                    learnt.recoveryStarts(d.devno).forEach((region, at) ->
                            starts.put(region, mode.submitAt(at - origin, 0)));
                    if (!starts.isEmpty()) {
                        mt.recoveryStarts(starts);
                        notes.add("mirror " + md.name + ": recovery of " + starts.size()
                                + " regions starts when the kernel's did (kcopyd's first read of each)");
                    }
                }
            }
        }
    }

    private static Integer number(DmTopology topo, DevRef r) {
        if (r.isNumber()) {
            return r.number().kernel();
        }
        return topo.resolve(r).map(MappedDevice::devNo).map(DevNo::kernel).orElse(null);
    }

    /**
     * Each thin pool's worker runs when the traced kernel's did ({@link
     * dev.dmreplay.replay.target.thin.WorkerRunSchedule}): the learnt times in the replay's clock.
     */
    private static void thinWorkerRuns(Machine m, dev.dmreplay.replay.workload.ThinWorkerRuns learnt, long origin,
                                       ReplayMode mode, List<String> notes) {
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (!(d instanceof dev.dmreplay.replay.dm.MappedDevice md) || !learnt.pools().contains(d.devno)) {
                continue;
            }
            for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                if (t instanceof dev.dmreplay.replay.target.thin.ThinPoolTarget pt) {
                    long[] times = learnt.times(d.devno);
                    if (times.length == 0) {
                        continue;
                    }
                    for (int i = 0; i < times.length; i++) {
                        times[i] = mode.submitAt(times[i] - origin, 0);
                    }
                    Map<String, Map<Long, long[]>> queued = new LinkedHashMap<>();
                    Map<String, Map<Long, long[]>> passes = new LinkedHashMap<>();
                    Map<String, Map<Long, long[]>> remaps = new LinkedHashMap<>();
                    int provisions = 0;
                    for (dev.dmreplay.replay.block.BlockDevice thin : m.devices()) {
                        if (learnt.pool(d.devno).thins().contains(thin.devno)) {
                            queued.put(thin.name, dev.dmreplay.replay.workload.TimeLists.toReplayClock(
                                    learnt.queuedAt(thin.devno), 1, x -> mode.submitAt(x - origin, 0)));
                            // both halves of a (Q, take point) pair are trace times
                            Map<Long, long[]> keys = dev.dmreplay.replay.workload.TimeLists.toReplayClock(
                                    learnt.passKeys(thin.devno), 1, x -> mode.submitAt(x - origin, 0));
                            passes.put(thin.name, keys);
                            for (boolean w : new boolean[] {false, true}) {
                                remaps.put(dev.dmreplay.replay.target.thin.WorkerRunSchedule.remapKey(thin.name, w),
                                        dev.dmreplay.replay.workload.TimeLists.toReplayClock(
                                                learnt.workerRemaps(thin.devno, w), 1,
                                                x -> mode.submitAt(x - origin, 0)));
                            }
                            for (long[] pairs : keys.values()) {
                                provisions += pairs.length / 2;
                            }
                        }
                    }
                    pt.pool().workerRuns(dev.dmreplay.replay.target.thin.WorkerRunSchedule.of(times, queued, passes,
                            remaps, dev.dmreplay.replay.target.thin.WorkerRunSchedule.DEFAULT_WINDOW_NS));
                    pt.pool().commitCpu(learnt.commitCpu(d.devno));
                    long firstCommit = learnt.firstCommit(d.devno);
                    if (firstCommit >= 0) {
                        pt.pool().firstCommitAt(mode.submitAt(firstCommit - origin, 0));
                    }
                    notes.add("thin-pool " + md.name + ": trace-driven worker runs from " + times.length
                            + " records of the kernel's pool worker and kcopyd; " + provisions
                            + " provisioning bios placed in the kernel's worker passes");
                }
            }
        }
    }

    private static boolean issuesOwnIo(Machine m) {
        for (dev.dmreplay.replay.block.BlockDevice d : m.devices()) {
            if (d instanceof dev.dmreplay.replay.dm.MappedDevice md) {
                for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                    if (t.issuesOwnIo()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The topology from the dump texts again, with explicit device numbers. */
    private static DmTopology rebuild(String source, SortedMap<String, String> dumps, Map<String, String> numbers) {
        DmTopology.Builder b = DmTopology.builder().table(source, dumps.get("dmsetup_table"), null);
        for (String kind : List.of("dmsetup_ls_tree", "dmsetup_ls")) {
            if (dumps.containsKey(kind)) {
                b.ls(source + "[" + kind + "]", dumps.get(kind));
            }
        }
        if (dumps.containsKey("dmsetup_info_c")) {
            b.info(source + "[dmsetup_info_c]", dumps.get("dmsetup_info_c"));
        }
        for (Map.Entry<String, String> e : numbers.entrySet()) {
            try {
                b.number(e.getKey(), DevNo.parse(e.getValue()));
            } catch (IllegalArgumentException x) {
                throw OptionException.of("--devno", e.getKey() + "=" + e.getValue() + ": " + x.getMessage());
            }
        }
        return b.build();
    }

    private static StackSpec.Leaf leaf(DevRef ref, TraceSurvey survey, Setup s, List<String> notes) {
        String name = ref.toString();
        int qd = s.leafQueueDepth() > 0 ? s.leafQueueDepth() : 32;
        String override = s.leafOverrides().get(name);
        if (override != null) {
            String[] parts = override.split(":");
            long lat;
            int depth;
            try {
                lat = dev.dmreplay.replay.pressure.Durations.parse(parts[0]);
                depth = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : qd;
                if (depth < 1) {
                    throw new IllegalArgumentException("queue depth must be at least 1");
                }
            } catch (IllegalArgumentException e) { // a value parser's verdict on the option's text
                throw OptionException.of("--leaf", name + "=" + override + ": " + e.getMessage());
            }
            notes.add("leaf " + name + ": parametric (override), latency " + lat + " ns, queue depth " + depth);
            return new StackSpec.Leaf(name, ref.isNumber() ? name : null, 0, new ServiceModel.Parametric(lat, 0, depth),
                    0);
        }
        if (s.leafLatencyNs() <= 0 && ref.isNumber()) {
            TraceSurvey.DeviceSurvey d = survey.devices.get(ref.number().kernel());
            if (d != null && d.completions > 0) {
                int depth = s.leafQueueDepth() > 0 ? s.leafQueueDepth() : Math.max(1, d.maxInFlight);
                notes.add("leaf " + name + ": trace-driven D2C from " + d.completions + " completions, queue depth "
                        + depth);
                return new StackSpec.Leaf(name, name, 0, d.d2c.build(depth), 0);
            }
        }
        long lat = s.leafLatencyNs() > 0 ? s.leafLatencyNs() : 100_000;
        notes.add("leaf " + name + ": parametric, latency " + lat + " ns, queue depth " + qd);
        return new StackSpec.Leaf(name, ref.isNumber() ? name : null, 0, new ServiceModel.Parametric(lat, 0, qd), 0);
    }
}
