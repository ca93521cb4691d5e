package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.compare.Comparison;
import dev.dmreplay.analyze.compare.ComparisonOutput;
import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.analyze.run.RunReport;
import java.io.PrintWriter;
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

/** {@code dmreplay compare RUN-DIR...}: several replay runs of one trace side by side, best values marked. */
@Command(name = "compare",
        header = "Several replay runs side by side, best value of each metric marked.", mixinStandardHelpOptions = true,
        description = {"Compare replay runs (directories written by 'dmreplay replay -o') of the same trace under "
            + "different strategies, pressures or pool sizes.",
            "One table per group of metrics (run, latency, stalls and deadlocks, each pool, rescue) with one column "
                + "per run; '*' marks the best value of a row. A run that deadlocked or left bios unfinished competes "
                + "only for completions, failures and stalls."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN-DIR", description = "Replay run directories.")
    List<Path> runs;

    @Option(names = "--json", description = "Print the comparison as JSON (raw values, best runs) instead of tables.")
    boolean json;

    @Option(names = "--csv", paramLabel = "DIR", description = "Also write one CSV per table into DIR.")
    Path csv;

    @Mixin
    RunAnalysisOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputDirectoryArg.requireDirectoryOrAbsent("--csv", csv);
        for (Path p : runs) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
        }
        var o = options.options();
        var recorded = options.recorded();
        List<RunReport> reports = new ArrayList<>();
        java.util.Map<Path, dev.dmreplay.analyze.run.RecordedLatency> fromSummaries = new java.util.HashMap<>();
        PrintWriter err = spec.commandLine().getErr();
        java.util.Set<String> noted = new java.util.HashSet<>(); // traces whose bound was reported
        for (Path p : runs) {
            RunDirectory d = RunDirectory.open(p);
            // Without --trace, each run is compared with the trace its summary names (read once per trace).
            var rec = recorded != null ? recorded : RunAnalysisCli.fromSummary(d, fromSummaries, err);
            if (rec != null && rec.evicted() > 0 && noted.add(rec.trace())) {
                err.println("dmreplay compare: " + rec.evicted() + " queued bios of the recorded trace " + rec.trace()
                        + " exceeded the in-flight bound and were dropped; they have no recorded Q2C");
            }
            RunReport r = d.analyze(RunAnalysisOptions.forRun(o, d), rec);
            RunAnalysisCli.noteLevel(r, err);
            reports.add(r);
        }
        err.flush();
        Comparison c = Comparison.of(reports);
        c.traceWarning().ifPresent(w -> {
            err.println(w);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ComparisonOutput.jsonText(c) : ComparisonOutput.text(c));
        out.flush();
        if (csv != null) {
            ComparisonOutput.writeCsv(c, csv);
        }
        return Main.EXIT_OK;
    }
}
