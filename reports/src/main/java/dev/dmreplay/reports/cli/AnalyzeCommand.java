package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.analyze.latency.Analysis;
import dev.dmreplay.analyze.latency.AnalysisFiles;
import dev.dmreplay.analyze.latency.AnalysisText;
import dev.dmreplay.analyze.latency.ReadAhead;
import dev.dmreplay.analyze.latency.SplitCompletionPairing;
import dev.dmreplay.analyze.latency.TraceAnalyzer;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceFormat;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmreplay analyze}: btt-compatible latency analysis of a block trace, plus percentiles, latency and queue
 * depth over time, partial-trace support and per-layer attribution for dm stacks.
 */
@Command(name = "analyze",
        header = "btt-compatible latency of a trace, with percentiles; or analysis of replay run directories.",
        mixinStandardHelpOptions = true,
        description = {
            "Latency analysis of a block trace, compatible with btt 2.09 (blktrace 1.2.0).",
            "TRACE is a trace bundle directory, a directory of blktrace per-CPU files, or one trace file in any "
                + "format dmreplay reads (blktrace per-CPU file, 'blkparse -d' dump, blkparse text, CSV, Parquet).",
            "Prints btt's report followed by percentiles of every interval, the intervals the trace cannot give "
                + "and why, per-layer attribution for dm stacks and queue depth."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "TRACE",
            description = "A trace file or bundle directory (- or /dev/stdin: standard input), or one or more replay"
                    + " run directories.")
    List<Path> traces;

    @Option(names = "--btt", description = "Print exactly what 'btt -A -i bp.bin -o X' writes to X.avg, nothing else.")
    boolean btt;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Also write analysis.json, intervals.csv, latency-per-second.csv and queue-depth.csv here.")
    Path output;

    @Option(names = "--lenient", description = "Skip bad records (counted and reported) instead of failing.")
    boolean lenient;

    @Option(names = "--input-format", paramLabel = "NAME",
            description = "Read the trace as this format instead of recognising it (see the README).")
    String inputFormat;

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
        OutputDirectoryArg.requireDirectoryOrAbsent("--output", output);
        // the run options only apply to run directories, but a malformed value (a bare "10") is refused
        // whatever the input, as every other command refuses it
        runOptions.options();
        if (RunAnalysisCli.handles(traces)) { // replay run directories: bioset pressure, stalls, latency
            return RunAnalysisCli.analyze(traces, output, runOptions, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        if (traces.size() != 1) {
            throw OptionException.usage("analyze takes one trace (several arguments are only for replay run "
                    + "directories; use 'dmreplay compare' to compare runs)");
        }
        Path trace = TraceArg.of(traces.get(0));
        if (maxInFlight < 1) {
            throw OptionException.of("--max-in-flight", "must be at least 1");
        }
        Analysis a;
        SkipReport skipped;
        long splitPaired;
        try (OpenedTrace t = TraceOpener.open(trace,
                (lenient ? ReadOptions.LENIENT : ReadOptions.STRICT).withFormat(inputFormat), null);
             ReadAhead in = new ReadAhead(t.events())) {
            // A blkparse -d dump already has btt's times (from 0); everything else gets blkparse's rebasing.
            boolean rebase = t.format() != TraceFormat.BLKPARSE_DUMP;
            // btt's pairing for --btt; everywhere else a split dm bio's completion pairs with its Q
            SplitCompletionPairing pairing = btt ? null : new SplitCompletionPairing(in);
            a = TraceAnalyzer.analyze(pairing == null ? in : pairing, maxInFlight, rebase, btt && output == null);
            splitPaired = pairing == null ? 0 : pairing.paired();
            skipped = t.events().skipped();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(btt ? a.bttReport(true) : AnalysisText.render(a));
        if (splitPaired > 0) {
            out.println("note: " + splitPaired + " split dm bios paired with their completion, which carries the"
                    + " sector and size of the last fragment (v5.19+); 'analyze --btt' keeps btt's pairing");
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (skipped != null) {
            TraceProgressSupport.reportSkips(skipped, err);
        }
        if (a.evicted() > 0) {
            err.println("dmreplay analyze: " + a.evicted() + " queued bios dropped by --max-in-flight " + maxInFlight
                    + "; the btt figures may differ from btt's");
        }
        if (a.btt().seeksUnrecorded() > 0) {
            err.println("dmreplay analyze: " + a.btt().seeksUnrecorded() + " seeks at distances first seen after "
                    + "the bound of distinct distances per device are left out of the seek median and modes"
                    + " (count and mean exact); those two may differ from btt's");
        }
        if (output != null) {
            AnalysisFiles.write(a, output, trace.getFileName().toString());
        }
        err.flush();
        return Main.EXIT_OK;
    }
}
