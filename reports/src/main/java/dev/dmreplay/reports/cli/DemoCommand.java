package dev.dmreplay.reports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.analyze.compare.Comparison;
import dev.dmreplay.analyze.compare.ComparisonOutput;
import dev.dmreplay.analyze.latency.AnalysisFiles;
import dev.dmreplay.analyze.run.RunAnalysis;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.analyze.run.RunReportFiles;
import dev.dmreplay.analyze.stall.StallDetector;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.reports.render.DmStack;
import dev.dmreplay.reports.render.HtmlReport;
import dev.dmreplay.reports.render.DemoSummary;
import dev.dmreplay.reports.render.ScenarioReport;
import dev.dmreplay.reports.render.OutputFiles;
import dev.dmreplay.reports.render.ReportModel;
import dev.dmreplay.reports.render.TraceInfoJson;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dmreplay demo}: the whole tool on the bundled traces, for a newcomer. Summarises and analyses
 * {@code traces/oracle-small}, checks the model against the kernel on two real bundles ({@code dmreplay fidelity}),
 * runs the scenario matrix over {@code traces/scenarios}, replays the trace under
 * several strategies with and without hard memory pressure, compares the runs, and writes one HTML report with
 * JSON beside it.
 */
@Command(name = "demo",
        header = "The main job on the bundled traces: analysis, scenario matrix, replays, one HTML report.", mixinStandardHelpOptions = true,
        description = {"Run dmreplay's main job on the bundled traces and write one HTML report:",
            "info and btt-compatible analysis of traces/oracle-small, fidelity (the model against the kernel,",
            "bio by bio) on traces/real-stacked and traces/real-thin-passdown, the scenario matrix over traces/scenarios,",
            "replays of oracle-small under several rescue strategies with and without hard memory pressure,",
            "and their comparison. traces/ is looked for under the working directory (and its parents), then",
            "beside the dmreplay launcher; --traces names it explicitly."})
public final class DemoCommand implements Callable<Integer> {
    /** Small enough that the whole demo stays around a minute on a quiet machine (README states the measurement). */
    static final int DEFAULT_SCHEDULES = 20;
    /**
     * Real bundles the demo checks the model against, bio by bio: a linear LV over a stripe set, and a thin volume
     * whose pool worker, zeroing and discard passdown the model replays on the kernel's times (a second each).
     */
    static final List<String> FIDELITY_BUNDLES = List.of("real-stacked", "real-thin-passdown");

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "demo-out",
            description = "Directory to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--traces", paramLabel = "DIR", description = "The bundled traces directory.")
    Path traces;

    @Option(names = "--strategy", split = ",", paramLabel = "ID", defaultValue = "BARE,RESC,DF,MODERN",
            description = "Strategies to replay (default: ${DEFAULT-VALUE}).")
    List<String> strategies;

    @Option(names = "--pressure", split = ",", paramLabel = "SPEC", defaultValue = "none,hard",
            description = "Memory pressures to replay each strategy under (default: ${DEFAULT-VALUE}; see replay).")
    List<String> pressures;

    @Option(names = "--stall-threshold", paramLabel = "DURATION", defaultValue = DurationOption.STALL_THRESHOLD,
            description = "Waits longer than this are listed in the run analyses (default: ${DEFAULT-VALUE}).")
    String stallThreshold;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "" + DEFAULT_SCHEDULES,
            description = "Schedules per scenario cell: the matrix shows each cell's outcome distribution (default: ${DEFAULT-VALUE}).")
    int schedules;

    @Option(names = "--bucket", paramLabel = "DURATION", defaultValue = DurationOption.BUCKET,
            description = "Pool occupancy bucket width (default: ${DEFAULT-VALUE}, fitted to each run).")
    String bucket;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScheduleArgs.checkCounts(schedules, null);
        Path dir = DemoLocator.traces(traces);
        Path trace = dir.resolve("oracle-small");
        Path scenarioDir = dir.resolve("scenarios");
        RunAnalysis.Options options = new RunAnalysis.Options(
                DurationOption.parse("--stall-threshold", stallThreshold),
                StallDetector.DEFAULT_MAX_KEPT, DurationOption.bucket("--bucket", bucket));
        Files.createDirectories(output);
        List<String> summary = new ArrayList<>();

        ReportModel.TraceData t = ReportSources.trace(trace, false, err);
        OutputFiles.writeJson(output.resolve("info.json"), TraceInfoJson.tree(t.info()));
        AnalysisFiles.write(t.analysis(), output.resolve("analysis"), "oracle-small");
        summary.addAll(DemoSummary.trace(t));

        List<ReportModel.FidelityData> fidelity = new ArrayList<>();
        for (String bundle : FIDELITY_BUNDLES) {
            Path b = dir.resolve(bundle);
            if (!Files.isDirectory(b)) {
                summary.add("fidelity " + bundle + ": not in " + dir + ", skipped");
                continue;
            }
            dev.dmreplay.analyze.fidelity.FidelityReport r;
            try {
                r = ReportSources.fidelity(b, bundle);
            } catch (Exception e) {
                throw new StepException("fidelity " + bundle, e);
            }
            OutputFiles.writeText(output.resolve("fidelity-" + bundle + ".json"),
                    dev.dmreplay.analyze.fidelity.FidelityOutput.json(r));
            fidelity.add(new ReportModel.FidelityData(bundle, r));
            summary.add(DemoSummary.fidelity(bundle, r));
        }

        ReportModel.ScenarioData scen = ReportSources.scenarios(scenarioDir, schedules, null);
        List<ScenarioResult> all = new ArrayList<>();
        scen.rows().forEach(all::addAll);
        OutputFiles.writeText(output.resolve("scenarios.json"), ScenarioReport.json(all) + "\n");
        summary.add(DemoSummary.scenarios(scen));

        List<RunReport> runs = new ArrayList<>();
        List<DmStack> stacks = new ArrayList<>();
        for (String s : strategies) {
            for (String p : pressures) {
                Path runDir = output.resolve("runs").resolve(s + "-" + DemoSummary.label(p));
                // the demo's own run directory from an earlier demo (with its analysis files beside the run's):
                // replaced, since a replay refuses a directory holding anything but a run
                removeTree(runDir);
                replay(trace, s, p, runDir);
                RunReport r = ReportSources.run(runDir, options);
                RunReportFiles.write(r, runDir);
                runs.add(r);
                stacks.add(ReportSources.stack(runDir, r));
                summary.add(DemoSummary.run(s, p, r));
            }
        }
        Comparison c = runs.size() > 1 ? Comparison.of(runs) : null;
        if (c != null) {
            OutputFiles.writeJson(output.resolve("comparison.json"), ComparisonOutput.json(c));
            summary.add(DemoSummary.best(runs));
        }
        Path html = output.resolve("report.html");
        HtmlReport.write(new ReportModel("dmreplay demo: oracle-small, fidelity, the scenario matrix and replays",
                summary, List.of(t), scen, runs, c, stacks, fidelity), html);

        ObjectNode demo = JsonNodeFactory.instance.objectNode();
        ArrayNode lines = demo.putArray("summary");
        summary.forEach(lines::add);
        demo.put("report", "report.html");
        OutputFiles.writeJson(output.resolve("demo.json"), demo);
        for (String line : summary) {
            out.println(line);
        }
        out.println("report: " + html);
        out.flush();
        return Main.EXIT_OK;
    }

    /** Runs {@code dmreplay replay} in this process, so the run directory is exactly what the command writes. */
    private static void replay(Path trace, String strategy, String pressure, Path runDir) {
        try {
            Main.invoke(new ReplayCommand(), trace.toString(), "--strategy", strategy, "--pressure",
                    pressure, "-o", runDir.toString());
        } catch (Exception e) {
            throw new StepException("replay " + strategy + " under " + pressure, e);
        }
    }

    /** Deletes {@code dir} and everything below it, if it exists. */
    private static void removeTree(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
            for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
