package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.compare.Comparison;
import dev.dmreplay.analyze.latency.AnalysisFiles;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.analyze.run.RunReportFiles;
import dev.dmreplay.reports.render.HtmlReport;
import dev.dmreplay.reports.render.BatchIndex;
import dev.dmreplay.reports.render.OutputFiles;
import dev.dmreplay.reports.render.ReportModel;
import dev.dmreplay.reports.render.TraceInfoJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmreplay batch DIR-OR-LIST... -o OUT}: analysis (and with {@code --strategy}, replays) of many traces, one
 * sub-directory each, and an index (HTML and CSV). A bad trace is reported and counted; the others still run and
 * the exit code is 2 at the end.
 */
@Command(name = "batch",
        header = "Analyse (and replay) many traces, one sub-directory each, with an index.", mixinStandardHelpOptions = true,
        description = {"Analyse many traces or bundles: one sub-directory of OUT per trace (info.json, the analyze",
            "files, report.html, and with --strategy one replay run per strategy plus their comparison), and",
            "OUT/index.html and OUT/index.csv. A DIR that is itself a trace (bundle, per-CPU files) is one trace;",
            "another DIR holds one trace per entry; a LIST (.list or .txt) names one trace path per line.",
            "Bad traces are reported and counted, the rest still run; the exit code is then 2."})
public final class BatchCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR-OR-LIST", description = "Directories of traces, traces, or list files.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory.")
    Path output;

    @Option(names = "--strategy", split = ",", paramLabel = "ID",
            description = "Also replay every trace under these strategies (repeatable or comma-separated).")
    List<String> strategies = new ArrayList<>();

    @Option(names = "--pressure", defaultValue = "none", paramLabel = "SPEC",
            description = "Memory pressure of the replays (default: ${DEFAULT-VALUE}; see replay).")
    String pressure;

    @Option(names = "--lenient", description = "Skip bad records of a trace instead of failing it.")
    boolean lenient;

    @Mixin
    RunAnalysisOptions runOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var o = runOptions.options();
        List<Path> traces = BatchInputs.expand(inputs);
        if (traces.isEmpty()) {
            throw new BadInputException("no traces found in " + inputs);
        }
        Files.createDirectories(output);
        List<BatchIndex.Entry> entries = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path t : traces) {
            String name = unique(ReportSources.name(t), used);
            Path dir = output.resolve(name);
            BatchIndex.Entry e;
            try {
                e = one(t, name, dir, o);
                out.println(name + ": ok" + (e.outcomes().isEmpty() ? "" : " " + String.join(" ", e.outcomes())));
            } catch (Exception ex) {
                String why = Main.describe(ex);
                e = BatchIndex.Entry.failed(name, t.toString(), why);
                out.println(name + ": FAILED: " + why);
            }
            out.flush();
            entries.add(e);
        }
        BatchIndex.write(entries, strategies, output);
        long failed = entries.stream().filter(x -> x.error() != null).count();
        out.println(traces.size() + " trace(s), " + failed + " failed; index: " + output.resolve("index.html"));
        out.flush();
        if (failed > 0) {
            throw new BadInputException(failed + " of " + traces.size() + " trace(s) failed (see "
                    + output.resolve("index.csv") + ")");
        }
        return Main.EXIT_OK;
    }

    private BatchIndex.Entry one(Path trace, String name, Path dir, dev.dmreplay.analyze.run.RunAnalysis.Options o)
            throws Exception {
        ReportModel.TraceData t = ReportSources.trace(trace, lenient, spec.commandLine().getErr());
        Files.createDirectories(dir);
        OutputFiles.writeJson(dir.resolve("info.json"), TraceInfoJson.tree(t.info()));
        AnalysisFiles.write(t.analysis(), dir, name);
        List<RunReport> runs = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (String s : strategies) {
            Path runDir = dir.resolve("runs").resolve(s);
            StringWriter ro = new StringWriter();
            StringWriter re = new StringWriter();
            int code = Main.run(new String[] {"replay", trace.toString(), "--strategy", s, "--pressure", pressure,
                "-o", runDir.toString()}, new PrintWriter(ro), new PrintWriter(re));
            if (code != Main.EXIT_OK) {
                throw new BadInputException("replay " + s + ": " + re.toString().strip().replaceFirst("^dmreplay: ", ""));
            }
            RunReport r = ReportSources.run(runDir, o, spec.commandLine().getParseResult().hasMatchedOption("--bucket"));
            RunReportFiles.write(r, runDir);
            runs.add(r);
            outcomes.add(s + "=" + (r.outcome().isEmpty() ? "?" : r.outcome()));
        }
        Comparison c = runs.size() > 1 ? Comparison.of(runs) : null;
        HtmlReport.write(new ReportModel("dmreplay batch: " + name, List.of(), List.of(t), null, runs, c),
                dir.resolve("report.html"));
        return BatchIndex.Entry.ok(name, trace.toString(), t, runs, outcomes);
    }

    private static String unique(String name, Set<String> used) {
        String n = name.isEmpty() ? "trace" : name;
        String u = n;
        for (int i = 2; !used.add(u); i++) {
            u = n + "-" + i;
        }
        return u;
    }
}
