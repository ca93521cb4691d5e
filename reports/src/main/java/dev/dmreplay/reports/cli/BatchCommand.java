package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.analyze.batch.Failures;
import dev.dmreplay.analyze.batch.LocalBatch;
import dev.dmreplay.analyze.batch.RunLimits;
import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunSpec;
import dev.dmreplay.analyze.batch.RunTable;
import dev.dmreplay.analyze.batch.TraceNames;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.reports.render.BatchMatrixPage;
import dev.dmreplay.reports.render.OutputFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    @Option(names = "--strategy", split = ",", paramLabel = "ID",
            description = "Strategies (comma-separated or repeated; default: all eight).")
    List<String> strategies = new ArrayList<>();

    @Option(names = "--pressure", split = ",(?![^(]*\\))", paramLabel = "SPEC",
            description = "Memory pressures (comma-separated or repeated; default: none; see replay).")
    List<String> pressures = new ArrayList<>();

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Runs at a time (default: the number of cores).")
    Integer jobs;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of every run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stall-threshold", defaultValue = DurationOption.STALL_THRESHOLD, paramLabel = "DURATION",
            description = "Waits longer than this are stalls (default: ${DEFAULT-VALUE}).")
    String stallThreshold;

    @Option(names = "--time-limit", defaultValue = "0", paramLabel = "DURATION",
            description = "Stop each run at this virtual time; unfinished runs are INCOMPLETE (default: none).")
    String timeLimit;

    @Option(names = "--wall-limit", defaultValue = "0", paramLabel = "DURATION",
            description = "Stop a run after this much real time, trace reading and stack building included; it is"
                    + " recorded as TIMEOUT (default: none).")
    String wallLimit;

    @Option(names = "--memory-per-run", paramLabel = "SIZE",
            description = "Heap of each run, e.g. 512m or 2g: each run then executes in a child JVM with this -Xmx;"
                    + " a run that needs more is FAILED with the reason and the batch goes on (default: the runs"
                    + " share this JVM's heap).")
    String memoryPerRun;

    @Option(names = "--no-observations", description = "Do not write each run's observations.parquet.")
    boolean noObservations;

    @Option(names = "--table", paramLabel = "FILE",
            description = "Replay every trace onto this dmsetup table (with --place or --map: traces that carry no"
                    + " stack, such as CSV, iolog or biosnoop traces).")
    Path table;

    @picocli.CommandLine.Mixin
    ShapingArgs shapingArgs = new ShapingArgs();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunLimits limits;
        List<String> strategyNames = new ArrayList<>();
        List<String> pressureSpecs = pressures.isEmpty() ? List.of("none") : List.copyOf(pressures);
        try {
            for (String s : strategies.isEmpty() ? names(Strategy.values()) : strategies) {
                strategyNames.add(Strategy.parse(s).name());
            }
            for (String p : pressureSpecs) {
                MemoryPressure.parse(p);
            }
            if (table != null && !Files.isRegularFile(table)) {
                throw dev.dmreplay.ingest.io.TableFormatException.of(table.toString(),
                        "no such file, expected a dmsetup table dump");
            }
        } catch (IllegalArgumentException e) { // the value parsers' verdict on option text
            throw OptionException.usage(e.getMessage());
        }
        limits = new RunLimits(seed, DurationOption.parse("--stall-threshold", stallThreshold),
                DurationOption.parse("--time-limit", timeLimit), DurationOption.parse("--wall-limit", wallLimit),
                !noObservations, memoryPerRun == null ? 0 : heapBytes(memoryPerRun), shapingArgs.spec(table));
        int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (threads < 1) {
            throw OptionException.of("-j", "must be at least 1");
        }
        List<Path> traces = BatchInputs.expand(inputs);
        if (traces.isEmpty()) {
            throw OptionException.usage("no traces found in " + inputs);
        }
        List<RunSpec> specs = specs(traces, strategyNames, pressureSpecs);
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

    /** Every trace under every strategy and pressure, traces outermost, in the order given. */
    static List<RunSpec> specs(List<Path> traces, List<String> strategies, List<String> pressures) {
        List<RunSpec> specs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path t : traces) {
            String name = TraceNames.unique(ReportSources.name(t), used);
            for (String s : strategies) {
                for (String p : pressures) {
                    specs.add(new RunSpec(name, t.toString(), s, p));
                }
            }
        }
        return specs;
    }

    private static List<String> names(Strategy[] all) {
        List<String> l = new ArrayList<>();
        for (Strategy s : all) {
            l.add(s.name());
        }
        return l;
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
