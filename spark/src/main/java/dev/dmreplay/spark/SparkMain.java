package dev.dmreplay.spark;

import dev.dmreplay.analyze.batch.RunLimits;
import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunSpec;
import dev.dmreplay.analyze.batch.TraceNames;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.replay.pressure.Durations;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.strategy.Strategy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmreplay-spark batch INPUT... --strategy S,... [--pressure P,...] [--master M] -o OUT}: the batch as a
 * Spark job. Exit codes as {@code dmreplay}: 0 all runs produced a result, 2 bad arguments or some run FAILED/TIMEOUT
 * (their rows are in the table), 3 internal error.
 */
@Command(name = "dmreplay-spark", mixinStandardHelpOptions = true, subcommands = SparkMain.Batch.class,
        description = "dmreplay's batch of replay runs on Apache Spark.")
public final class SparkMain implements Callable<Integer> {

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return 2;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            Throwable t = ex;
            boolean bad = t instanceof IllegalArgumentException || t instanceof TraceFormatException
                    || t instanceof java.io.IOException;
            c.getErr().println("dmreplay-spark: " + (bad ? "" : "internal error: ") + t.getMessage());
            return bad ? 2 : 3;
        });
        cl.getCommandSpec().exitCodeOnInvalidInput(2);
        System.exit(cl.execute(args));
    }

    /** The {@code batch} command. */
    @Command(name = "batch", mixinStandardHelpOptions = true,
            description = {"Every trace x strategy x pressure as one Spark task, running the local batch's engine.",
                "INPUT: a directory, a trace, a .list file or a glob, on any Hadoop file system. Writes",
                "OUT/runs.parquet (a dataset partitioned by strategy; the local batch's schema) and per run",
                "OUT/runs/TRACE/STRATEGY/PRESSURE/ (summary.json, observations.parquet)."})
    static final class Batch implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Directories, traces, list files or globs.")
        List<String> inputs;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory (any Hadoop path).")
        String output;

        @Option(names = "--strategy", split = ",", paramLabel = "ID", description = "Strategies (default: all eight).")
        List<String> strategies = new ArrayList<>();

        @Option(names = "--pressure", split = ",(?![^(]*\\))", paramLabel = "SPEC",
                description = "Memory pressures (default: none).")
        List<String> pressures = new ArrayList<>();

        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master, e.g. local[2] (default: as spark-submit or the cluster sets it).")
        String master;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed of every run (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--stall-threshold", defaultValue = dev.dmreplay.replay.sim.Kernel.DEFAULT_STALL_THRESHOLD, paramLabel = "DURATION",
                description = "Waits longer than this are stalls (default: ${DEFAULT-VALUE}, as in dmreplay batch).")
        String stallThreshold;

        @Option(names = "--time-limit", defaultValue = "0", paramLabel = "DURATION",
                description = "Stop each run at this virtual time (INCOMPLETE).")
        String timeLimit;

        @Option(names = "--wall-limit", defaultValue = "0", paramLabel = "DURATION",
                description = "Stop a run after this much real time (TIMEOUT).")
        String wallLimit;

        @Option(names = "--no-observations", description = "Do not write each run's observations.parquet.")
        boolean noObservations;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<String> strategyNames = new ArrayList<>();
            for (String s : strategies.isEmpty() ? allStrategies() : strategies) {
                strategyNames.add(Strategy.parse(s).name());
            }
            List<String> pressureSpecs = pressures.isEmpty() ? List.of("none") : List.copyOf(pressures);
            pressureSpecs.forEach(MemoryPressure::parse);
            RunLimits limits = new RunLimits(seed, Durations.parse(stallThreshold), Durations.parse(timeLimit),
                    Durations.parse(wallLimit), !noObservations);
            List<String> traces = HadoopTraces.expand(inputs, new Configuration());
            if (traces.isEmpty()) {
                throw new IllegalArgumentException("no traces found in " + inputs);
            }
            List<RunSpec> specs = specs(traces, strategyNames, pressureSpecs);
            SparkSession.Builder b = SparkSession.builder().appName("dmreplay batch");
            if (master != null) {
                // run here (./dmreplay-spark, tests): Spark's INFO lines would drown the job's own output
                b.master(master).config("spark.log.level", "WARN").config("spark.ui.showConsoleProgress", "false");
            }
            SparkSession spark = b.getOrCreate();
            List<RunRow> rows;
            try {
                rows = SparkBatch.run(spark, specs, limits, output);
            } finally {
                spark.stop();
            }
            long failed = rows.stream().filter(RunRow::failed).count();
            for (RunRow r : rows) {
                if (r.failed()) {
                    spec.commandLine().getErr().println(r.trace() + " " + r.strategy() + " " + r.pressure() + ": "
                            + r.outcome() + " (" + r.error() + ")");
                }
            }
            out.println(String.format(Locale.ROOT, "%d trace(s), %d run(s), %d failed; table: %s/runs.parquet",
                    traces.size(), rows.size(), failed, output));
            out.flush();
            return failed > 0 ? 2 : 0;
        }

        private static List<String> allStrategies() {
            List<String> l = new ArrayList<>();
            for (Strategy s : Strategy.values()) {
                l.add(s.name());
            }
            return l;
        }
    }

    /** Every trace under every strategy and pressure, traces outermost, named as the local batch names them. */
    static List<RunSpec> specs(List<String> traces, List<String> strategies, List<String> pressures) {
        List<RunSpec> specs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String t : traces) {
            String name = TraceNames.unique(TraceNames.name(new Path(t).getName()), used);
            for (String s : strategies) {
                for (String p : pressures) {
                    specs.add(new RunSpec(name, t, s, p));
                }
            }
        }
        return specs;
    }
}
