package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.batch.BatchPlan;
import dev.dmreplay.analyze.options.BatchArgs;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.analyze.batch.Failures;
import dev.dmreplay.analyze.batch.LocalBatch;
import dev.dmreplay.analyze.batch.RunLimits;
import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunSpec;
import dev.dmreplay.analyze.batch.RunTable;
import dev.dmreplay.reports.render.BatchMatrixPage;
import dev.dmreplay.reports.render.OutputFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmreplay batch DIR-OR-LIST... -o OUT [--strategy S,...] [--pressure P,...] [-j N]}: every trace under every
 * strategy and pressure, whole runs in parallel ({@link LocalBatch}), resumable, into {@code OUT/runs.parquet},
 * {@code OUT/runs.csv} and {@code OUT/index.html}. CLI wiring only: the runs are {@code analyze.batch}'s.
 */
@Command(name = "batch",
        header = "Replay many traces under many strategies and pressures, in parallel and resumably.",
        mixinStandardHelpOptions = true,
        description = {"Runs every trace x strategy x pressure (one replay each, as 'dmreplay replay' does), -j at a",
            "time, and writes OUT/runs.parquet and OUT/runs.csv (one row per run; schema in docs/FORMATS.md),",
            "OUT/index.html (the outcome matrix) and per run OUT/runs/TRACE/STRATEGY/PRESSURE/ (summary.json,",
            "observations.parquet, row.json). A DIR that is itself a trace (bundle, per-CPU files) is one trace;",
            "another DIR holds one trace per entry; a LIST (.list or .txt) names one trace path per line.",
            "Resumable: a finished run (it has row.json) is not run again, an interrupted one is redone; a rerun",
            "of a finished batch does nothing. A bad trace gives FAILED rows and the others finish; the exit",
            "code is then 2."})
public final class BatchCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR-OR-LIST", description = "Directories of traces, traces, or list files.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory.")
    Path output;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Runs at a time (default: the number of cores).")
    Integer jobs;

    @Option(names = "--memory-per-run", paramLabel = "SIZE",
            description = "Heap of each run, e.g. 512m or 2g: each run then executes in a child JVM with this -Xmx;"
                    + " a run that needs more is FAILED with the reason and the batch goes on (default: the runs"
                    + " share this JVM's heap).")
    String memoryPerRun;

    @picocli.CommandLine.Mixin
    BatchArgs batchArgs = new BatchArgs();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchPlan plan = batchArgs.plan(memoryPerRun == null ? 0 : heapBytes(memoryPerRun),
                t -> Files.isRegularFile(Path.of(t)), t -> Path.of(t).toAbsolutePath().toString());
        RunLimits limits = plan.limits();
        int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (threads < 1) {
            throw OptionException.of("-j", "must be at least 1");
        }
        List<Path> traces = BatchInputs.expand(inputs);
        if (traces.isEmpty()) {
            throw OptionException.usage("no traces found in " + inputs);
        }
        List<RunSpec> specs = plan.specs(traces.stream().map(Path::toString).toList(),
                t -> ReportSources.name(Path.of(t)));
        Files.createDirectories(output);
        Path parquet = output.resolve("runs.parquet");
        Path csv = output.resolve("runs.csv");
        Path index = output.resolve("index.html");
        int pending = LocalBatch.pending(specs, output).size();
        if (pending == 0 && Files.isRegularFile(parquet) && Files.isRegularFile(csv) && Files.isRegularFile(index)) {
            out.println("nothing to do: all " + specs.size() + " run(s) already finished in " + output);
            out.flush();
            List<RunRow> rows = LocalBatch.run(specs, output, limits, 1, null).rows();
            return exit(rows, csv);
        }
        LocalBatch.Result result;
        try (ProgressBar bar = ProgressBars.enabled(spec) ? ProgressBars.create("batch", pending, " runs", 1) : null) {
            int[] done = {0};
            result = LocalBatch.run(specs, output, limits, threads, (s, row) -> {
                done[0]++;
                if (bar != null) {
                    bar.step();
                    if (row.failed()) {
                        bar.setExtraMessage(" last failure: " + s);
                    }
                }
                if (bar == null || row.failed()) {
                    err.println(String.format(Locale.ROOT, "[%d/%d] %s: %s%s", done[0], pending, s, row.outcome(),
                            row.failed() ? " (" + row.error() + ")" : ""));
                    err.flush();
                }
            });
        }
        RunTable.writeParquet(result.rows(), parquet);
        RunTable.writeCsv(result.rows(), csv);
        OutputFiles.writeText(index, BatchMatrixPage.render(result.rows()));
        out.println(String.format(Locale.ROOT, "%d trace(s), %d run(s): %d run now, %d already finished, %d failed; "
                + "table: %s; index: %s", traces.size(), specs.size(), result.ran(), result.resumed(),
                result.failed(), parquet, index));
        out.flush();
        return exit(result.rows(), csv);
    }

    /** 3 when a run hit an internal error (a bug), 2 when runs failed on bad input, else 0. */
    private int exit(List<RunRow> rows, Path csv) {
        long failed = rows.stream().filter(RunRow::failed).count();
        long internal = rows.stream().filter(r -> r.failed() && Failures.isInternal(r.error())).count();
        if (internal > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("dmreplay: internal error in " + internal + " of " + rows.size() + " run(s) (see " + csv
                    + "; run the trace alone with --debug for details)");
            err.flush();
            return Main.EXIT_INTERNAL;
        }
        if (failed > 0) {
            throw OptionException.usage(failed + " of " + rows.size() + " run(s) failed (see " + csv + ")");
        }
        return Main.EXIT_OK;
    }

    /** A heap size as {@code -Xmx} takes it: a number of bytes with an optional k, m or g; at least 16 MiB. */
    static long heapBytes(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([kKmMgG]?)").matcher(text.trim());
        if (!m.matches()) {
            throw OptionException.of("--memory-per-run", "bad size '" + text + "', expected e.g. 512m or 2g");
        }
        int shift = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw OptionException.of("--memory-per-run", "size '" + text + "' too large");
        }
        if (n < (16L << 20)) {
            throw OptionException.of("--memory-per-run", "size '" + text + "' below 16m, too small for a JVM");
        }
        return n;
    }
}
