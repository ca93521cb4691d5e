package dev.dmreplay.analyze.options;

import dev.dmreplay.analyze.batch.BatchPlan;
import dev.dmreplay.analyze.batch.RunLimits;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.replay.pressure.Durations;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a batch that {@code dmreplay batch} and {@code dmreplay-spark batch} share (what runs, with which
 * limits, onto which table), declared and parsed once so the two cannot drift apart: the Spark job runs the same
 * {@link BatchPlan} as the local batch for the same arguments.
 */
public final class BatchArgs {

    @Option(names = "--strategy", split = ",", paramLabel = "ID",
            description = "Strategies (comma-separated or repeated; default: all eight).")
    List<String> strategies = new ArrayList<>();

    @Option(names = "--pressure", split = ",(?![^(]*\\))", paramLabel = "SPEC",
            description = "Memory pressures (comma-separated or repeated; default: none; see replay).")
    List<String> pressures = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of every run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stall-threshold", defaultValue = Kernel.DEFAULT_STALL_THRESHOLD, paramLabel = "DURATION",
            description = "Waits longer than this are stalls (default: ${DEFAULT-VALUE}).")
    String stallThreshold;

    @Option(names = "--time-limit", defaultValue = "0", paramLabel = "DURATION",
            description = "Stop each run at this virtual time; unfinished runs are INCOMPLETE (default: none).")
    String timeLimit;

    @Option(names = "--wall-limit", defaultValue = "0", paramLabel = "DURATION",
            description = "Stop a run after this much real time, trace reading and stack building included; it is"
                    + " recorded as TIMEOUT (default: none).")
    String wallLimit;

    @Option(names = "--no-observations", description = "Do not write each run's observations.parquet.")
    boolean noObservations;

    @Option(names = "--table", paramLabel = "FILE",
            description = "Replay every trace onto this dmsetup table (with --place or --map: traces that carry no"
                    + " stack, such as CSV, iolog or biosnoop traces).")
    String table;

    @Mixin
    ShapingArgs shaping = new ShapingArgs();

    /**
     * The batch these options ask for; bad option text is an {@link OptionException} naming the option, a table
     * that is not a file a {@link TableFormatException}.
     *
     * @param memoryPerRunBytes heap of each run in a child JVM (0: none; local batch only)
     * @param isFile            whether the table's path names a file (on the file system the runs read)
     * @param absolute          the table's path as every run names it (a local path made absolute)
     */
    public BatchPlan plan(long memoryPerRunBytes, Predicate<String> isFile, UnaryOperator<String> absolute) {
        List<String> names = new ArrayList<>();
        for (String s : strategies.isEmpty() ? all() : strategies) {
            names.add(parse("--strategy", () -> Strategy.parse(s)).name());
        }
        List<String> specs = pressures.isEmpty() ? List.of("none") : List.copyOf(pressures);
        for (String p : specs) {
            parse("--pressure", () -> MemoryPressure.parse(p));
        }
        if (table != null && !isFile.test(table)) {
            throw TableFormatException.of(table, "no such file, expected a dmsetup table dump");
        }
        RunLimits limits = new RunLimits(seed, duration("--stall-threshold", stallThreshold),
                duration("--time-limit", timeLimit), duration("--wall-limit", wallLimit), !noObservations,
                memoryPerRunBytes, shaping.spec(table == null ? "" : absolute.apply(table)));
        return new BatchPlan(names, specs, limits);
    }

    private static long duration(String option, String text) {
        return parse(option, () -> Durations.parse(text));
    }

    /** A value parser's verdict on one option's text, as bad input naming the option. */
    private static <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw OptionException.of(option, e.getMessage());
        }
    }

    private static List<String> all() {
        List<String> l = new ArrayList<>();
        for (Strategy s : Strategy.values()) {
            l.add(s.name());
        }
        return l;
    }
}
