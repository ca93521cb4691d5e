package dev.dmreplay.spark;

import dev.dmreplay.analyze.batch.RunLimits;
import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunSpec;
import dev.dmreplay.analyze.batch.BatchPlan;
import dev.dmreplay.analyze.options.BatchArgs;
import dev.dmreplay.ingest.io.BadInputException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmreplay-spark batch INPUT... --strategy S,... [--pressure P,...] [--table T --place|--map M ...]
 * [--master M] -o OUT}: the batch as a Spark job, with the options of {@code dmreplay batch} ({@link BatchArgs},
 * placement onto a chosen table included) parsed by the same code. Exit codes as {@code dmreplay}: 0 all runs produced a result, 2 bad arguments or some run FAILED/TIMEOUT
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
            boolean bad = t instanceof IllegalArgumentException || t instanceof BadInputException
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
                "OUT/runs/TRACE/STRATEGY/PRESSURE/ (summary.json, observations.parquet, row.json), byte for byte",
                "what dmreplay batch writes for the same arguments. --table may be any Hadoop path."})
    static final class Batch implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Directories, traces, list files or globs.")
        List<String> inputs;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory (any Hadoop path).")
        String output;

        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master, e.g. local[2] (default: as spark-submit or the cluster sets it).")
        String master;

        @CommandLine.Mixin
        BatchArgs batchArgs = new BatchArgs();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Configuration conf = new Configuration();
            BatchPlan plan = plan(conf);
            RunLimits limits = plan.limits();
            List<String> traces = traces(conf);
            List<RunSpec> specs = specs(plan, traces);
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

        /** What the options ask for, parsed by the local batch's parser; the table checked on its file system. */
        BatchPlan plan(Configuration conf) {
            return batchArgs.plan(0, t -> HadoopTraces.isFile(t, conf), t -> HadoopTraces.absolute(t, conf));
        }

        /** The traces the inputs name, by the local batch's rules. */
        List<String> traces(Configuration conf) throws java.io.IOException {
            List<String> traces = HadoopTraces.expand(inputs, conf);
            if (traces.isEmpty()) {
                throw new IllegalArgumentException("no traces found in " + inputs);
            }
            return traces;
        }
    }

    /** The plan's runs over {@code traces}, named as the local batch names them. */
    static List<RunSpec> specs(BatchPlan plan, List<String> traces) {
        return plan.specs(traces, t -> new Path(t).getName());
    }
}
