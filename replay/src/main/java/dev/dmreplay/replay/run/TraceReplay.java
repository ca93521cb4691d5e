package dev.dmreplay.replay.run;

import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.stack.TopologyStacks;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.workload.ReplayMode;
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
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Replay of a recorded blktrace through the stack of its {@code dmsetup table}: a survey pass (devices, top-level
 * bios, per-device D2C times), the machine (DM devices from the table, one leaf per referenced disk with a
 * trace-driven or parametric service model), then the run with the trace workload.
 *
 * <p>DM device numbers: a table alone has names, a trace has numbers. Give {@code name=major:minor} bindings, or
 * let an unambiguous case bind itself (exactly one mapped device and exactly one traced device that is not one of
 * the table's leaves).
 */
public final class TraceReplay {
    /** Names of table files looked for beside a trace directory when no table is given. */
    public static final List<String> TABLE_NAMES = List.of("dmsetup_table.txt", "dmsetup-table.txt", "table.txt");

    /** Inputs of a replay. {@code leafLatencyNs} &gt; 0 forces the parametric leaf model. */
    public record Setup(Path trace, Path table, Knobs knobs, MemoryPressure pressure, long seed, ReplayMode mode,
                        Map<String, String> devnos, long leafLatencyNs, int leafQueueDepth, boolean lenient,
                        ReplayRun.Options options) {
    }

    /** A prepared replay: the machine and workload, ready to run once. */
    public record Prepared(Machine machine, TraceWorkload workload, TraceSurvey survey, List<String> topDevices,
                           boolean fromRemaps, List<String> notes) {
        public RunResult run(LongConsumer progress, ReplayRun.Options options) {
            return ReplayRun.run(machine, workload, options, progress);
        }
    }

    private TraceReplay() {
    }

    /** Finds the table: the given one, or a known file name in the trace's directory. */
    public static Path findTable(Path trace, Path table) {
        if (table != null) {
            return table;
        }
        Path dir = Files.isDirectory(trace) ? trace : trace.toAbsolutePath().getParent();
        for (String n : TABLE_NAMES) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw TraceFormatException.of(trace.toString(), "no dmsetup table given (--table) and none of "
                + TABLE_NAMES + " beside the trace");
    }

    public static Prepared prepare(Setup s) throws IOException {
        ReadOptions ro = s.lenient() ? ReadOptions.LENIENT : ReadOptions.STRICT;
        Path tablePath = findTable(s.trace(), s.table());
        String tableText = Files.readString(tablePath, StandardCharsets.UTF_8);
        DmTopology.Builder tb = DmTopology.builder().table(tablePath.toString(), tableText, null);
        for (Map.Entry<String, String> e : s.devnos().entrySet()) {
            tb.number(e.getKey(), DevNo.parse(e.getValue()));
        }
        DmTopology topo = tb.build();
        List<String> notes = new ArrayList<>();
        Set<Integer> leafNumbers = new TreeSet<>();
        for (DevRef r : topo.leaves()) {
            if (r.isNumber()) {
                leafNumbers.add(r.number().kernel());
            }
        }
        // survey once with every device as a candidate top device; decide the binding afterwards
        TraceSurvey all;
        try (EventSource src = BlktraceSource.open(s.trace(), ro)) {
            all = TraceSurvey.scan(src, Set.of());
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
                tb = DmTopology.builder().table(tablePath.toString(), tableText, null).number(name, d);
                topo = tb.build();
                notes.add("bound " + name + " to traced device " + d.colon());
            } else if (topo.devices().size() > 1 || unknown.size() > 1) {
                throw TraceFormatException.of(tablePath.toString(), "cannot tell which traced device is which mapped"
                        + " device (" + topo.devices().size() + " tables, " + unknown.size()
                        + " traced non-leaf devices): give --devno NAME=MAJOR:MINOR");
            }
        }
        Map<Integer, String> tops = new LinkedHashMap<>();
        for (MappedDevice md : topo.topLevel()) {
            if (md.devNo() != null) {
                tops.put(md.devNo().kernel(), md.name());
            }
        }
        if (tops.isEmpty()) {
            throw TraceFormatException.of(tablePath.toString(), "no top-level mapped device with a known number");
        }
        TraceSurvey survey;
        try (EventSource src = BlktraceSource.open(s.trace(), ro)) {
            survey = TraceSurvey.scan(src, tops.keySet());
        }
        boolean fromRemaps = survey.topQueues == 0;
        if (fromRemaps) {
            if (survey.topRemaps == 0) {
                throw TraceFormatException.of(s.trace().toString(), "the trace has neither Q events on the top"
                        + " device(s) " + tops.values() + " nor remap events from them");
            }
            notes.add("top devices not traced: top-level bios reconstructed from " + survey.topRemaps + " remap events");
        }
        TraceSurvey fs = survey;
        StackSpec spec = TopologyStacks.build(topo, ref -> leaf(ref, fs, s, notes), List.of(), List.of(), Map.of());
        Machine m = new Machine(spec, s.knobs(), s.pressure(), s.seed());
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
        TraceWorkload w = new TraceWorkload(() -> BlktraceSource.open(s.trace(), ro), tops, numbered, s.mode(),
                fromRemaps);
        return new Prepared(m, w, survey, List.copyOf(tops.values()), fromRemaps, notes);
    }

    private static StackSpec.Leaf leaf(DevRef ref, TraceSurvey survey, Setup s, List<String> notes) {
        String name = ref.toString();
        int qd = s.leafQueueDepth() > 0 ? s.leafQueueDepth() : 32;
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
