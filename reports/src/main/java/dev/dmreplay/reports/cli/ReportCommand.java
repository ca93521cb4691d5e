package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.analyze.compare.Comparison;
import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.reports.render.DmStack;
import dev.dmreplay.reports.render.HtmlReport;
import dev.dmreplay.reports.render.ReportModel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dmreplay report INPUT... -o report.html}: one self-contained HTML page of traces, runs and scenarios. */
@Command(name = "report",
        header = "Render a self-contained HTML report of traces, replay runs or scenarios.", mixinStandardHelpOptions = true,
        description = {"Render one self-contained HTML report (inline CSS and SVG charts, no scripts, no external",
            "resources) of what it is given: a trace or bundle gets its summary, btt-compatible latency,",
            "latency and queue depth over time and per-layer attribution; a replay run directory gets pool",
            "occupancy, waits, punts and rescues, stalls and its deadlock chain; several runs are also compared",
            "side by side; a scenario file or directory of them gets the outcome matrix (with --schedules N,",
            "each cell explored under N schedules and showing the outcome distribution). With --fidelity, a bundle",
            "traced with the disks below its DM devices also gets the model against the kernel, bio by bio.",
            "Unless --bucket says otherwise, the pool occupancy buckets are fitted to each run's length."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Traces/bundles, replay run directories, "
            + "scenario files or directories.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "HTML file to write.")
    Path output;

    @Option(names = "--title", paramLabel = "TEXT", description = "Page title (default: dmreplay report).")
    String title = "dmreplay report";

    @Option(names = "--lenient", description = "Skip bad trace records (reported on stderr) instead of failing.")
    boolean lenient;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "1",
            description = "Run each scenario cell under N schedules and show the outcome distribution (default: ${DEFAULT-VALUE}).")
    int schedules;

    @Option(names = "--fidelity",
            description = "Also replay each trace bundle through the stack its dmsetup table gives and compare the "
                + "model with the kernel bio by bio (dmreplay fidelity, strategy MODERN, seed 1): a bundle traced "
                + "with the disks below its DM devices.")
    boolean fidelity;

    @Mixin
    RunAnalysisOptions runOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
        }
        ScheduleArgs.checkCounts(schedules, null);
        var o = runOptions.options();
        // as analyze RUN-DIR and compare do: each run's latency beside the recorded trace's, the one --trace names
        // or else the one the run's summary names when it still exists
        var recorded = runOptions.recorded();
        java.util.Map<Path, dev.dmreplay.analyze.run.RecordedLatency> fromSummaries = new java.util.HashMap<>();
        List<ReportModel.TraceData> traces = new ArrayList<>();
        List<ReportModel.FidelityData> checks = new ArrayList<>();
        List<RunReport> runs = new ArrayList<>();
        List<DmStack> stacks = new ArrayList<>();
        ReportModel.ScenarioData scenarios = null;
        for (Path p : inputs) {
            if (RunDirectory.isRunDirectory(p) || RunDirectory.isIncompleteRun(p)) {
                RunReport r = ReportSources.run(p, o, recorded, fromSummaries, spec.commandLine().getErr());
                RunAnalysisCli.noteLevel(r, spec.commandLine().getErr());
                runs.add(r);
                stacks.add(ReportSources.stack(p, r));
            } else if (ReportSources.isScenarios(p)) {
                if (scenarios != null) {
                    throw OptionException.usage(p + ": give one scenario file or directory per report");
                }
                scenarios = ReportSources.scenarios(p, schedules, null);
            } else {
                traces.add(ReportSources.trace(p, lenient, spec.commandLine().getErr()));
                if (fidelity && Files.isDirectory(p)) {
                    String name = p.toAbsolutePath().normalize().getFileName().toString();
                    checks.add(new ReportModel.FidelityData(name, ReportSources.fidelity(p, name)));
                }
            }
        }
        spec.commandLine().getErr().flush();
        Comparison c = runs.size() > 1 ? Comparison.of(runs) : null;
        HtmlReport.write(new ReportModel(title, List.of(), traces, scenarios, runs, c, stacks, checks), output);
        spec.commandLine().getOut().println("report written to " + output);
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}
