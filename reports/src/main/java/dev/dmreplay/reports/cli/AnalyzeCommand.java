package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.latency.Analysis;
import dev.dmreplay.analyze.latency.AnalysisFiles;
import dev.dmreplay.analyze.latency.AnalysisText;
import dev.dmreplay.analyze.latency.TraceAnalyzer;
import dev.dmreplay.ingest.blktrace.BlktraceInput;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dmreplay analyze}: btt-compatible latency analysis of a block trace, plus percentiles, latency and queue
 * depth over time, partial-trace support and per-layer attribution for dm stacks.
 */
@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Latency analysis of a block trace, compatible with btt 2.09.",
            "TRACE is a blktrace per-CPU file (its whole set is read), a set prefix (sda), a directory of sets, or a "
                + "'blkparse -d' dump; several are merged like repeated 'blkparse -i'.",
            "Prints btt's report followed by percentiles of every interval, the intervals the trace cannot give "
                + "and why, per-layer attribution for dm stacks and queue depth."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "Trace input(s), or replay run directories.")
    List<Path> traces;

    @Option(names = "--btt", description = "Print exactly what 'btt -A -i bp.bin -o X' writes to X.avg, nothing else.")
    boolean btt;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Also write analysis.json, intervals.csv, latency-per-second.csv and queue-depth.csv here.")
    Path output;

    @Option(names = "--lenient", description = "Skip bad records (counted and reported) instead of failing.")
    boolean lenient;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1048576",
            description = "Bound of queued bios kept while matching (default ${DEFAULT-VALUE}); beyond it the oldest "
                + "is dropped and the result is flagged as not exact.")
    int maxInFlight;

    @Mixin
    RunAnalysisOptions runOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (RunAnalysisCli.handles(traces)) { // replay run directories: bioset pressure, stalls, latency
            return RunAnalysisCli.analyze(traces, output, runOptions, spec.commandLine().getOut());
        }
        if (maxInFlight < 1) {
            throw new BadInputException("--max-in-flight must be at least 1");
        }
        for (Path p : traces) {
            if (!Files.exists(p) && !Files.exists(p.resolveSibling(p.getFileName() + ".blktrace.0"))) {
                throw new BadInputException(p + ": no such trace (file, set prefix or directory)");
            }
        }
        Analysis a;
        SkipReport skipped;
        try (BlktraceSource src = BlktraceSource.open(traces, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT)) {
            // A blkparse -d dump already has btt's times (from 0); raw per-CPU files get blkparse's rebasing.
            boolean rebase = !src.inputs().stream().allMatch(BlktraceInput::merged);
            a = TraceAnalyzer.analyze(src, maxInFlight, rebase);
            skipped = src.skipped();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(btt ? a.bttReport(true) : AnalysisText.render(a));
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (skipped != null && skipped.count() > 0) {
            err.println("dmreplay analyze: skipped " + skipped.count() + " bad record(s)");
            skipped.first().forEach(m -> err.println("  " + m));
        }
        if (a.evicted() > 0) {
            err.println("dmreplay analyze: " + a.evicted() + " queued bios dropped by --max-in-flight " + maxInFlight
                    + "; the btt figures may differ from btt's");
        }
        if (output != null) {
            AnalysisFiles.write(a, output, traces.get(0).getFileName().toString());
        }
        err.flush();
        return Main.EXIT_OK;
    }
}
