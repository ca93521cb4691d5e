package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.replay.explore.FlipSchedule;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.reports.render.ScenarioReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dmreplay scenario <file|dir>}: runs scenario files under every strategy and prints the outcome matrix. */
@Command(name = "scenario",
        header = "Deadlock scenarios x rescue strategies: outcome matrix with wait-for chains.", mixinStandardHelpOptions = true,
        description = {"Run deadlock scenarios (traces/scenarios/*.yaml) under rescue strategies and print the",
            "outcome matrix (FINE, STALL, INCOMPLETE, DEADLOCK, MEMORY_DEADLOCK) with the wait-for chain of each",
            "deadlock. A cell marked '!' differs from the scenario's expected outcome.",
            "Each cell runs the one lock-step interleaving unless --schedules or --explore asks for more: then a cell",
            "shows the worst outcome any schedule reached, how many schedules reached it, and a witness to replay."})
public final class ScenarioCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "A scenario file or a directory of them.")
    Path path;

    @Option(names = "--strategy", split = ",", paramLabel = "ID",
            description = "Strategies to run (default: the scenario's list, normally BARE,RESC,OFFL,NEIL,DF,HELP,MDSP).")
    List<String> strategies;

    @Option(names = "--knob", paramLabel = "NAME=VALUE", description = "Override a strategy knob (repeatable).")
    List<String> knobs = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON array with one object per cell.")
    boolean json;

    @Option(names = "--fail-on-mismatch", description = "Exit 1 if an outcome differs from the scenario's expectation.")
    boolean failOnMismatch;

    @Option(names = "--fail-on-deadlock", description = "Exit 1 if a cell deadlocks.")
    boolean failOnDeadlock;

    @Option(names = "--schedules", paramLabel = "N",
            description = "Run each cell under N schedules: the lock-step one and N-1 perturbed ones derived from the seed.")
    Integer schedules;

    @Option(names = {"-j", "--threads"}, paramLabel = "N",
            description = "With --schedules: run a cell's schedules on N threads (default: the available processors);"
                    + " the output is the same for every N.")
    Integer threads;

    @Option(names = "--explore", paramLabel = "K",
            description = "Systematic search: every schedule with at most K preemptions (or K delays of lock step).")
    Integer explore;

    @Option(names = "--max-runs", defaultValue = "20000", paramLabel = "N",
            description = "Stop a systematic search after N runs per cell (default: ${DEFAULT-VALUE}).")
    int maxRuns;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Run with this seed instead of the file's: a witness seed (2^62 and up) replays that schedule alone.")
    Long seed;

    @Option(names = "--schedule", paramLabel = "rtc:I,J|rr:I,J",
            description = "Replay one schedule of a systematic search (the witness --explore printed).")
    String flips;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        List<Strategy> chosen = null;
        if (strategies != null) {
            chosen = new ArrayList<>();
            for (String s : strategies) {
                chosen.add(OptionValues.parse("--strategy", () -> Strategy.parse(s)));
            }
        }
        checkKnobs(knobs);
        ScheduleArgs.checkCounts(schedules, explore);
        int workers = ScheduleArgs.threads(threads);
        if (maxRuns < 1) {
            throw OptionException.usage("--max-runs: expected a number >= 1, not " + maxRuns);
        }
        FlipSchedule fs = ScheduleArgs.parseFlips(flips);
        int modes = (schedules != null ? 1 : 0) + (explore != null ? 1 : 0) + (fs != null || seed != null ? 1 : 0);
        if (modes > 1 && !(schedules != null && seed != null && explore == null && fs == null)) {
            throw OptionException.usage("--schedules, --explore and --schedule/--seed replay are used one at a time"
                    + " (--seed may give --schedules its base seed)");
        }
        List<Scenario> scenarios = ScenarioLoader.loadAll(path);
        List<ScenarioResult> results = new ArrayList<>();
        List<List<ScenarioResult>> rows = new ArrayList<>();
        for (Scenario s0 : scenarios) {
            Scenario s = seed == null ? s0 : s0.withSeed(seed);
            List<ScenarioResult> row = new ArrayList<>();
            for (Strategy st : chosen != null ? chosen : s.strategies()) {
                row.add(runCell(s, st, fs, workers));
            }
            rows.add(row);
            results.addAll(row);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ScenarioReport.json(results));
        } else {
            out.print(ScenarioReport.matrix(rows));
        }
        out.flush();
        List<String> findings = new ArrayList<>();
        if (failOnMismatch) {
            for (ScenarioResult r : results) {
                if (!r.matches()) {
                    findings.add(r.scenario() + "/" + r.strategy().name() + " is " + r.outcome() + ", expected "
                            + r.expected());
                }
            }
        }
        if (failOnDeadlock) {
            for (ScenarioResult r : results) {
                if (r.outcome().isDeadlock()) {
                    findings.add(r.scenario() + "/" + r.strategy().name() + " " + r.outcome() + ": " + r.chain());
                }
            }
        }
        if (!findings.isEmpty()) {
            throw new FindingsException(String.join("; ", findings));
        }
        return Main.EXIT_OK;
    }

    /** One cell; bad scenario text and knobs are bad-input exceptions from ScenarioRunner, anything else a bug. */
    private ScenarioResult runCell(Scenario s, Strategy st, FlipSchedule fs, int workers) {
        if (fs != null) {
            return ScenarioRunner.runFlips(s, st, knobs, new FlipSchedule(fs.base, fs.flips()));
        }
        if (explore != null) {
            return ScenarioRunner.exploreSystematic(s, st, knobs, explore, maxRuns);
        }
        if (schedules != null) {
            return ScenarioRunner.explore(s, st, knobs, schedules, workers);
        }
        return ScenarioRunner.run(s, st, knobs);
    }

    /** Every {@code --knob} must name a knob and a valid value: the error names the option, not a file. */
    static void checkKnobs(List<String> knobs) {
        for (String a : knobs) {
            try {
                Knobs.BASE.withAll(List.of(a));
            } catch (IllegalArgumentException e) {
                throw OptionException.usage("--knob " + a + ": " + e.getMessage());
            }
        }
    }

}
