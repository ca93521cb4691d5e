package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.info.TraceOverview;
import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.run.RunAnalysis;
import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.replay.run.RunSummary;
import dev.dmreplay.replay.run.RunSummaryFile;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.reports.render.DmStack;
import dev.dmreplay.reports.render.ReportModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Gathers what the report, demo and batch commands show: a trace's {@link TraceOverview}; replay run analyses;
 * scenario matrices.
 */
final class ReportSources {

    /**
     * The model against the kernel, bio by bio ({@code dmreplay fidelity}, seed 1, strategy MODERN), on a bundle;
     * the report names the trace {@code traces/NAME}, not where this machine keeps it, so that it is the same
     * wherever the bundle is.
     */
    static dev.dmreplay.analyze.fidelity.FidelityReport fidelity(Path bundle, String name)
            throws java.io.IOException {
        dev.dmreplay.replay.run.TraceReplay.Setup setup = new dev.dmreplay.replay.run.TraceReplay.Setup(bundle,
                null, dev.dmreplay.replay.strategy.Strategy.MODERN.knobs,
                dev.dmreplay.replay.pressure.MemoryPressure.parse("none"), 1,
                dev.dmreplay.replay.workload.ReplayMode.parse("timed", 32), java.util.Map.of(), 0, 0, false,
                dev.dmreplay.replay.run.ReplayRun.Options.defaults());
        dev.dmreplay.analyze.fidelity.FidelityReport r = dev.dmreplay.analyze.fidelity.FidelityCheck.run(setup,
                dev.dmreplay.replay.strategy.Strategy.MODERN.name(),
                dev.dmreplay.analyze.fidelity.FidelityCheck.MISMATCHES_SHOWN, null,
                dev.dmreplay.analyze.fidelity.FidelityCheck.Submission.APPLICATION_DEPTH);
        return new dev.dmreplay.analyze.fidelity.FidelityReport("traces/" + name, r.strategy(), r.bios(),
                r.submitted(), r.matched(), r.matchedIgnoringFlags(), r.notReplayed(), r.byTarget(),
                r.byDevice(), r.workerIo(), r.dispatches(), r.latency(), r.latencyByOp(), r.mismatches(),
                r.untraceable(), r.notes());
    }
    private ReportSources() {
    }

    /** A trace or bundle read once: {@code info}, btt-compatible analysis and the charts' timeline. */
    static ReportModel.TraceData trace(Path path, boolean lenient, PrintWriter err) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        try (OpenedTrace t = TraceOpener.open(path, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT, null)) {
            TraceOverview o = TraceOverview.read(t);
            if (err != null) {
                TraceProgressSupport.reportSkips(t.events().skipped(), err);
            }
            return new ReportModel.TraceData(name(path), o.info(), o.analysis(), o.timeline());
        }
    }

    /** The analysis of a replay run directory. */
    static RunReport run(Path dir, RunAnalysis.Options options) throws IOException {
        RunDirectory d = RunDirectory.open(dir);
        return d.analyze(RunAnalysisOptions.forRun(options, d));
    }

    /**
     * The analysis of a replay run directory with its latency beside the recorded trace's: {@code recorded} when
     * given ({@code --trace}), else the trace the run's summary names if it still reads ({@link
     * RunAnalysisCli#fromSummary}), else none.
     */
    static RunReport run(Path dir, RunAnalysis.Options options, dev.dmreplay.analyze.run.RecordedLatency recorded,
                         java.util.Map<Path, dev.dmreplay.analyze.run.RecordedLatency> fromSummaries,
                         java.io.PrintWriter err) throws IOException {
        RunDirectory d = RunDirectory.open(dir);
        var rec = recorded != null ? recorded : RunAnalysisCli.fromSummary(d, fromSummaries, err);
        return d.analyze(RunAnalysisOptions.forRun(options, d), rec);
    }

    /**
     * The DM stack a replay run went through, from the table of the trace it replayed (its summary names the
     * trace's path), with the run's pools: each pool's reserve ({@code min_nr}) from the summary, else the most
     * elements the analysis saw in the reserve. Without the trace or its table there is nothing to draw, and the
     * stack says why.
     */
    static DmStack stack(Path runDir, RunReport r) throws IOException {
        RunSummaryFile.Read read = RunDirectory.open(runDir).readSummary();
        RunSummary s = read == null ? null : read.summary();
        if (s == null || s.tracePath() == null || s.tracePath().isEmpty()) {
            return DmStack.none("the run's summary does not name the trace it replayed");
        }
        Path trace = Path.of(s.tracePath());
        if (!Files.exists(trace)) {
            return DmStack.none("the trace the run replayed is not at " + trace + " any more");
        }
        DmStack base;
        try (OpenedTrace t = TraceOpener.open(trace, ReadOptions.LENIENT, null)) {
            if (t.topology() == null) {
                return DmStack.none("the trace " + trace + " has no dmsetup table");
            }
            base = DmStack.of(t.topology(), t::deviceName);
        }
        List<DmStack.Pool> pools = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        if (s.result() != null && s.result().pools() != null) {
            for (var p : s.result().pools()) {
                pools.add(new DmStack.Pool(p.pool(), p.minNr()));
                named.add(p.pool());
            }
        }
        for (PoolReport p : r.pools()) {
            if (named.add(p.pool())) {
                pools.add(new DmStack.Pool(p.pool(), p.reserveHigh()));
            }
        }
        return base.withPools(pools);
    }

    /** Whether {@code p} looks like scenario input: a YAML file, or a directory holding YAML files only. */
    static boolean isScenarios(Path p) throws IOException {
        if (Files.isRegularFile(p)) {
            return yaml(p);
        }
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList();
            return !files.isEmpty() && files.stream().allMatch(ReportSources::yaml);
        }
    }

    private static boolean yaml(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** Runs every scenario under its own strategy list (the scenario command's default), one schedule per cell. */
    static ReportModel.ScenarioData scenarios(Path path) {
        return scenarios(path, 1, null);
    }

    /**
     * Runs every scenario under {@code strategies} (null: each scenario's own list), each cell under
     * {@code schedules} schedules (1: the lock-step run alone; more: explored, each cell showing the distribution).
     */
    static ReportModel.ScenarioData scenarios(Path path, int schedules, List<Strategy> strategies) {
        List<Scenario> scenarios = ScenarioLoader.loadAll(path);
        List<List<ScenarioResult>> rows = new ArrayList<>();
        List<ReportModel.Heading> headings = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<ScenarioResult> row = new ArrayList<>();
            for (Strategy st : strategies != null ? strategies : s.strategies()) {
                // a cell's schedules on every processor: the result is the same as on one thread
                row.add(schedules > 1 ? ScenarioRunner.explore(s, st, List.of(), schedules,
                        Runtime.getRuntime().availableProcessors()) : ScenarioRunner.run(s, st, List.of()));
            }
            rows.add(row);
            headings.add(new ReportModel.Heading(s.id(), s.title(), s.shows()));
        }
        return new ReportModel.ScenarioData(path.toString(), rows, headings);
    }

    /** A readable name for an input: its file name without a trailing per-CPU suffix. */
    static String name(Path p) {
        Path f = p.toAbsolutePath().normalize().getFileName();
        String n = f == null ? p.toString() : f.toString();
        return n.replaceFirst("\\.blktrace\\.\\d+$", "");
    }
}
