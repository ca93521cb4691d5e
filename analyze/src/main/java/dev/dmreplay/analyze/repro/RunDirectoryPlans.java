package dev.dmreplay.analyze.repro;

import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.RunDirectoryException;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.lines.FioIologWriter;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.RunSummary;
import dev.dmreplay.replay.run.RunSummaryFile;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.TraceSurvey;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reproducer plan of a replay run directory: the strategy, pressure and outcome its {@code summary.json}
 * records, the stack of the replayed trace's {@code dmsetup table}, leaf latencies from the trace's D2C times
 * (median per disk), and the trace's application I/O as one fio iolog ({@link FioIologWriter}, as {@code dmreplay
 * ingest --format fio-iolog} writes it).
 */
public final class RunDirectoryPlans {
    private RunDirectoryPlans() {
    }

    /**
     * @param trace the trace the run replayed, or null for the path its summary records
     * @param strategy the strategy asked for, or null for the run's (another one than the run's is refused: the
     *                 prediction is the run's)
     */
    public static ReproPlan of(Path dir, Path trace, Strategy strategy) throws IOException {
        RunDirectory rd = RunDirectory.open(dir);
        RunSummaryFile.Read read = rd.readSummary();
        if (read == null || read.summary().result() == null) {
            throw RunDirectoryException.of(dir.toString(), "no " + RunSummaryFile.NAME
                    + " with a result: the reproducer needs the run's strategy, pressure and outcome");
        }
        RunSummary sum = read.summary();
        Strategy runStrategy;
        try {
            runStrategy = Strategy.parse(sum.strategy());
        } catch (IllegalArgumentException e) {
            throw RunDirectoryException.of(read.summary() == null ? dir.toString() : rd.summary().toString(),
                    "field strategy: " + e.getMessage());
        }
        if (strategy != null && strategy != runStrategy) {
            throw OptionException.of("--strategy", dir + " is a run under " + runStrategy.name() + ", not "
                    + strategy.name() + ": replay the trace under " + strategy.name() + " first");
        }
        Path tracePath = trace != null ? trace : sum.tracePath() == null ? null : Path.of(sum.tracePath());
        if (tracePath == null || !Files.exists(tracePath)) {
            throw RunDirectoryException.of(rd.summary().toString(), "field tracePath: the replayed trace "
                    + tracePath + " does not exist here; give it with --trace");
        }
        List<String> notes = new ArrayList<>();
        DmTopology topo;
        TraceSurvey survey;
        Map<DevNo, String> names;
        try (OpenedTrace t = TraceOpener.open(tracePath, ReadOptions.STRICT, null)) {
            topo = t.topology();
            if (topo == null) {
                throw TableFormatException.of(tracePath.toString(), "no dmsetup table in the trace's bundle: the"
                        + " reproducer needs the stack");
            }
            survey = TraceSurvey.scan(t.events(), Set.of());
            names = t.inputNames();
        }
        Map<String, Long> need = StackTables.leafSectors(topo);
        List<ReproLeaf> leaves = new ArrayList<>();
        for (DevRef r : topo.leaves()) {
            long lat = -1;
            int qd = 32;
            String label = r.toString();
            if (r.isNumber() && names.get(r.number()) != null) {
                label = names.get(r.number()) + " (" + r + ")";
            }
            if (r.isNumber()) {
                TraceSurvey.DeviceSurvey d = survey.devices.get(r.number().kernel());
                if (d != null) {
                    lat = d.d2c.medianNs();
                    qd = Math.max(1, d.maxInFlight);
                }
            }
            if (lat < 0) {
                lat = 100_000;
                notes.add("leaf " + label + ": no completions in the trace, latency taken as 100 us");
            }
            leaves.add(new ReproLeaf(ReproLeaf.keyOf(r.toString()), r.toString(), label, need.get(r.toString()),
                    lat, qd));
        }
        notes.add("leaf latencies are the median D2C of each disk in the trace; the model replays the recorded"
                + " D2C distribution, a dm-delay leaf gives one fixed delay");
        StringWriter w = new StringWriter();
        FioIologWriter.Result res;
        try (OpenedTrace t = TraceOpener.open(tracePath, ReadOptions.STRICT, null)) {
            res = FioIologWriter.write(t.events(), w, d -> fileOf(topo, d));
        }
        if (res.flagsDropped() > 0) {
            notes.add(res.flagsDropped() + " write(s) of the trace carry preflush or FUA; an iolog has no form for"
                    + " them, so fio issues them as plain writes");
        }
        notes.add("the trace's I/O is one fio job (one submitter); the recorded processes submitted concurrently");
        RunResult rr = sum.result();
        Outcome o = rr.outcome();
        Prediction p = new Prediction(o, 1, Map.of(o, 1), rr.chain() == null ? "" : rr.chain(),
                rr.order() == null ? 0 : rr.order().unalignedWrites());
        MemoryPressure pressure = MemoryPressure.parse(sum.pressure());
        return new ReproPlan(rd.name(), dir.toString(), "replay of " + sum.trace() + " under " + runStrategy.name()
                + ", pressure " + sum.pressure(), runStrategy, StackTables.table(topo), StackTables.order(topo),
                leaves, List.of(), numbers(topo), List.of(new ReproPlan.Job(sum.trace() == null ? "trace"
                        : sum.trace(), w.toString(), 0, res.ios())), List.of(), pressure, p, notes);
    }

    private static Map<String, String> numbers(DmTopology topo) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (MappedDevice m : topo.bottomUp()) {
            if (m.devNo() != null) {
                out.put(m.name(), m.devNo().colon());
            }
        }
        return out;
    }

    private static String fileOf(DmTopology topo, DevNo d) {
        MappedDevice m = topo.device(d).orElse(null);
        return m != null ? "/dev/mapper/" + m.name() : "leaf-" + ReproLeaf.keyOf(d.colon());
    }
}
