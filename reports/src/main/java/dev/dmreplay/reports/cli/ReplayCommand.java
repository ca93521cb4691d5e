package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.options.ShapingArgs;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.AtomicDirectory;
import dev.dmreplay.replay.explore.Exploration;
import dev.dmreplay.replay.explore.Explorer;
import dev.dmreplay.replay.explore.FlipSchedule;
import dev.dmreplay.replay.explore.ScheduleSeeds;
import dev.dmreplay.replay.sim.Schedule;
import dev.dmreplay.reports.render.ScenarioReport;
import dev.dmreplay.replay.observe.ObserveLevel;
import dev.dmreplay.replay.observe.ParquetObservationWriter;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunIdentity;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.RunSummary;
import dev.dmreplay.replay.run.RunSummaryFile;
import dev.dmreplay.replay.run.TraceDigest;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.QueueAccounting;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.reports.render.ReplaySummaryText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmreplay replay <trace> [--table dmsetup.txt] --strategy DF ... -o run-dir/}: replays a recorded blktrace
 * through the modelled stack; writes {@code observations.parquet} and {@code summary.json} and prints a short
 * summary.
 */
@Command(name = "replay",
        header = "Replay a trace through the modelled device-mapper stack under a rescue strategy.", mixinStandardHelpOptions = true,
        description = {"Replay a blktrace through a model of its device-mapper stack under a rescue strategy.",
            "Writes run-dir/observations.parquet (typed model events) and run-dir/summary.json; prints a summary.",
            "Same inputs and seed give byte-identical outputs."})
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TRACE", description = "A trace bundle directory, a directory of blktrace per-CPU files, or a trace file;"
            + " - or /dev/stdin reads standard input.")
    Path trace;

    @Option(names = "--table", paramLabel = "FILE",
            description = "dmsetup table dump (default: the bundle's, or dmsetup[-_]table.txt beside the trace).")
    Path table;

    @Option(names = "--thin-metadata", paramLabel = "FILE",
            description = "thin_dump XML of the thin pool's metadata at trace start (default: the bundle's"
                    + " thin-dump-before.xml, if any).")
    Path thinMetadata;

    @Option(names = "--strategy", defaultValue = "DF", paramLabel = "ID",
            description = "BARE, RESC, OFFL, NEIL, DF, HELP, MDSP or MODERN (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--knob", paramLabel = "NAME=VALUE", description = "Override a strategy knob (repeatable).")
    List<String> knobs = new ArrayList<>();

    @Option(names = "--pressure", defaultValue = "none", paramLabel = "SPEC",
            description = "Memory pressure: none, hard, soft(p,q), each with optional @from-to (e.g. hard@1s-5s).")
    String pressure;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mode", defaultValue = "timed", paramLabel = "MODE",
            description = "timed, afap[:QD] or scale=X (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--devno", paramLabel = "NAME=MAJ:MIN",
            description = "Number of a mapped device in the trace (repeatable; needed when ambiguous).")
    Map<String, String> devnos = new LinkedHashMap<>();

    @Option(names = "--leaf-latency", paramLabel = "DURATION",
            description = "Use a parametric leaf model with this latency instead of the trace's D2C times.")
    String leafLatency;

    @Option(names = "--leaf", paramLabel = "MAJ:MIN=LATENCY[:QD]",
            description = "Parametric model for one disk (repeatable); the other disks keep the trace's D2C times.")
    Map<String, String> leafOverrides = new LinkedHashMap<>();

    @Option(names = "--leaf-queue-depth", defaultValue = "0", paramLabel = "N",
            description = "Leaf queue depth (default: as observed in the trace, else 32).")
    int leafQueueDepth;

    @Option(names = "--stall-threshold", defaultValue = DurationOption.STALL_THRESHOLD, paramLabel = "DURATION",
            description = "Waits or submissions longer than this are stalls (default: ${DEFAULT-VALUE}).")
    String stallThreshold;

    @Option(names = "--time-limit", defaultValue = "0", paramLabel = "DURATION",
            description = "Stop at this virtual time (default: run to the end).")
    String timeLimit;

    @picocli.CommandLine.Mixin
    ShapingArgs shapingArgs = new ShapingArgs();

    @Option(names = "--time-scale", paramLabel = "X",
            description = "Submit at the recorded times multiplied by X (0.5: twice as fast); same as --mode scale=X.")
    String timeScale;

    @Option(names = "--lenient", description = "Skip bad trace records instead of failing.")
    boolean lenient;

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "Top-level bios in flight per top device; more wait for a completion (default: the trace's"
                    + " most in flight on the device, at most 10240, or 10240 without completions).")
    Integer maxInFlight;

    @Option(names = "--no-observations", description = "Do not write observations.parquet (same as --observe summary).")
    boolean noObservations;

    @Option(names = "--observe", defaultValue = "all", paramLabel = "LEVEL",
            description = "What observations.parquet records: all (default), pools (mempool and bioset use, sleeps,"
                    + " waits, rescues, stalls; not the per-bio submit, remap, split, dispatch and complete) or"
                    + " summary (no observation file, summary.json alone). The level is recorded in the run"
                    + " directory; analyze and report say what a lower level left out.")
    String observe;

    @Option(names = "--fail-on-deadlock", description = "Exit 1 if a deadlock is found.")
    boolean failOnDeadlock;

    @Option(names = "--schedules", paramLabel = "N",
            description = "Replay under N schedules (lock step and N-1 perturbed ones from the seed); the run directory"
                    + " holds the witness (the first schedule reaching the worst outcome).")
    Integer schedules;

    @Option(names = {"-j", "--threads"}, paramLabel = "N",
            description = "With --schedules: replay the schedules on N threads (default: the available processors;"
                    + " each holds its own model of the stack in memory); the output is the same for every N.")
    Integer threads;

    @Option(names = "--explore", paramLabel = "K",
            description = "Systematic search: every schedule with at most K preemptions (or K delays of lock step).")
    Integer explore;

    @Option(names = "--max-runs", defaultValue = "2000", paramLabel = "N",
            description = "Stop a systematic search after N runs (default: ${DEFAULT-VALUE}).")
    int maxRuns;

    @Option(names = "--schedule", paramLabel = "rtc:I,J|rr:I,J",
            description = "Replay one schedule of a systematic search (the witness --explore printed).")
    String flips;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Run directory to write.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        trace = TraceArg.of(trace);
        if (!Files.exists(trace)) {
            throw new NoSuchFileException(trace.toString());
        }
        ScenarioCommand.checkKnobs(knobs);
        ScheduleArgs.checkCounts(schedules, explore);
        int workers = ScheduleArgs.threads(threads);
        if ((schedules != null ? 1 : 0) + (explore != null ? 1 : 0) + (flips != null ? 1 : 0) > 1) {
            throw OptionException.usage("--schedules, --explore and --schedule are used one at a time");
        }
        FlipSchedule fixed = ScheduleArgs.parseFlips(flips);
        Strategy st = OptionValues.parse("--strategy", () -> Strategy.parse(strategy));
        Knobs k = OptionValues.parse("--knob", () -> st.knobs.withAll(knobs));
        MemoryPressure mp = OptionValues.parse("--pressure", () -> MemoryPressure.parse(pressure));
        ReplayMode rm = OptionValues.parse("--mode", () -> ReplayMode.parse(mode, 32));
        if (timeScale != null) {
            if (rm.kind() != ReplayMode.Kind.TIMED) {
                throw OptionException.usage("--time-scale and --mode " + mode + " are used one at a time");
            }
            rm = OptionValues.parse("--time-scale", () -> ReplayMode.parse("scale=" + timeScale, 32));
        }
        ObserveLevel level = OptionValues.parse("--observe", () -> ObserveLevel.parse(observe));
        if (noObservations) {
            if (level != ObserveLevel.ALL && level != ObserveLevel.SUMMARY) {
                throw OptionException.usage("--no-observations and --observe " + observe + " contradict each other");
            }
            level = ObserveLevel.SUMMARY;
        }
        ReplayRun.Options opts = new ReplayRun.Options(
                DurationOption.parse("--stall-threshold", stallThreshold),
                DurationOption.parse("--time-limit", timeLimit));
        long leafLat = leafLatency == null ? 0 : DurationOption.parse("--leaf-latency", leafLatency);
        if (maxInFlight != null && maxInFlight < 1) {
            throw OptionException.of("--max-in-flight", "must be at least 1: " + maxInFlight);
        }
        TraceReplay.Setup setup = new TraceReplay.Setup(trace, table, k, mp, seed, rm, devnos, leafLat, leafQueueDepth,
                lenient, opts, leafOverrides, shapingArgs.shaping(), maxInFlight == null ? 0 : maxInFlight, thinMetadata);
        // taken before the work: a second replay into the same -o, or an -o holding other files, is refused at once
        AtomicDirectory dir = AtomicDirectory.create(out, java.util.Set.copyOf(RUN_FILES));
        try {
            return replay(setup, fixed, st, opts, dir, level, workers);
        } finally {
            dir.close();
        }
    }

    private Integer replay(TraceReplay.Setup setup, FlipSchedule fixed, Strategy st, ReplayRun.Options opts,
                           AtomicDirectory dir, ObserveLevel level, int workers) throws Exception {
        Exploration exploration = null;
        Schedule chosen = fixed != null ? fixed : ScheduleSeeds.schedule(seed);
        if (schedules != null || explore != null) {
            TraceReplay.Setup base = setup;
            Explorer.Cell cell = (sch, sd) -> {
                TraceReplay.Prepared q;
                try {
                    q = prepare(base.withSeed(sd));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                q.machine().kernel.sim.schedule(sch);
                return q.run(null, opts);
            };
            exploration = schedules != null ? Explorer.random(cell, seed, schedules, workers)
                    : Explorer.systematic(cell, seed, explore, maxRuns);
            // the run directory holds the witness (or the lock-step run when every schedule was FINE)
            String w = exploration.witness();
            FlipSchedule wf = w == null ? null : FlipSchedule.parse(w);
            if (wf != null) {
                chosen = new FlipSchedule(wf.base, wf.flips());
            } else if (exploration.witnessSeed() != null) {
                setup = setup.withSeed(exploration.witnessSeed());
                chosen = ScheduleSeeds.schedule(exploration.witnessSeed());
            } else {
                chosen = Schedule.LOCK_STEP;
            }
        }
        TraceReplay.Prepared p = prepare(setup);
        // the run's identity, hashed while the model runs: during the survey the second core reads the trace ahead
        TraceDigest digest = TraceDigest.start(setup.trace());
        for (String note : p.notes()) { // also in summary.json and the printed summary; said first, on stderr
            if (note.startsWith(TraceReplay.WARNING)) {
                spec.commandLine().getErr().println("dmreplay: " + note);
            }
        }
        spec.commandLine().getErr().flush();
        p.machine().kernel.sim.schedule(chosen);
        RunResult r;
        // the run directory as a whole: written into a temporary directory that replaces -o only when complete,
        // under a lock a concurrent replay into the same -o respects
        {
            // the footer names the trace's digest; its value is set once the digest is known, after the run
            RunIdentity pending = RunIdentity.of(setup, st.name(), "");
            ParquetObservationWriter obs = null;
            p.machine().kernel.observe(level);
            if (level != ObserveLevel.SUMMARY) {
                Map<String, String> footer = new LinkedHashMap<>(pending.asFooter());
                footer.putAll(level.footer());
                obs = new ParquetObservationWriter(dir.path().resolve(RUN_FILES.get(0)), footer);
                p.machine().kernel.addListener(obs);
            }
            RunIdentity id;
            long total = p.fromRemaps() ? p.survey().topRemaps : p.survey().topQueues;
            // the total is fixed before the run: completions counted past it (bios the survey did not count as
            // top-level) hold the bar at its end rather than moving the total
            ProgressBar bar = ProgressBars.enabled(spec) ? ProgressBars.create("replay", total, " bios", 1) : null;
            try {
                r = p.run(bar == null ? null : n -> bar.stepTo(Math.min(n, total)), opts);
                id = RunIdentity.of(setup, st.name(), digest.get());
                if (obs != null) {
                    obs.completeFooter(id.asFooter());
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
                if (obs != null) {
                    obs.close();
                }
            }
            RunSummaryFile.write(dir.path().resolve(RunSummaryFile.NAME), RunSummary.of(setup, p, r, st, id)
                    .withObserve(level));
            dir.commit();
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.print(ReplaySummaryText.render(p, r, st));
        if (exploration != null) {
            pw.print(ScenarioReport.describe("schedules", exploration));
        }
        pw.flush();
        if (failOnDeadlock && r.outcome().isDeadlock()) {
            throw new FindingsException(r.outcome() + ": " + r.chain());
        }
        return Main.EXIT_OK;
    }

    /** What a run directory holds: the observations (first) and the summary. */
    static final List<String> RUN_FILES = List.of("observations.parquet", RunSummaryFile.NAME);

    private static TraceReplay.Prepared prepare(TraceReplay.Setup setup) throws java.io.IOException {
        return TraceReplay.prepare(setup);
    }
}
