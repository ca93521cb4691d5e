package dev.dmreplay.reports.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.explore.Exploration;
import dev.dmreplay.replay.explore.FlipSchedule;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
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
                try {
                    chosen.add(Strategy.parse(s));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--strategy: " + e.getMessage());
                }
            }
        }
        checkKnobs(knobs);
        if (schedules != null && schedules < 1) {
            throw new BadInputException("--schedules: expected a number >= 1, not " + schedules);
        }
        if (explore != null && (explore < 0 || explore > 16)) {
            throw new BadInputException("--explore: expected a preemption bound in 0..16, not " + explore);
        }
        if (maxRuns < 1) {
            throw new BadInputException("--max-runs: expected a number >= 1, not " + maxRuns);
        }
        FlipSchedule fs = null;
        if (flips != null) {
            try {
                fs = FlipSchedule.parse(flips);
            } catch (NumberFormatException e) {
                fs = null;
            }
            if (fs == null) {
                throw new BadInputException("--schedule: expected rtc:I,J,... or rr:I,J,... (as --explore prints), not '"
                        + flips + "'");
            }
        }
        int modes = (schedules != null ? 1 : 0) + (explore != null ? 1 : 0) + (fs != null || seed != null ? 1 : 0);
        if (modes > 1 && !(schedules != null && seed != null && explore == null && fs == null)) {
            throw new BadInputException("--schedules, --explore and --schedule/--seed replay are used one at a time"
                    + " (--seed may give --schedules its base seed)");
        }
        List<Scenario> scenarios = ScenarioLoader.loadAll(path);
        List<ScenarioResult> results = new ArrayList<>();
        List<List<ScenarioResult>> rows = new ArrayList<>();
        for (Scenario s0 : scenarios) {
            Scenario s = seed == null ? s0 : s0.withSeed(seed);
            List<ScenarioResult> row = new ArrayList<>();
            for (Strategy st : chosen != null ? chosen : s.strategies()) {
                row.add(runCell(s, st, fs));
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

    private ScenarioResult runCell(Scenario s, Strategy st, FlipSchedule fs) {
        try {
            if (fs != null) {
                return ScenarioRunner.runFlips(s, st, knobs, new FlipSchedule(fs.base, fs.flips()));
            }
            if (explore != null) {
                return ScenarioRunner.exploreSystematic(s, st, knobs, explore, maxRuns);
            }
            if (schedules != null) {
                return ScenarioRunner.explore(s, st, knobs, schedules);
            }
            return ScenarioRunner.run(s, st, knobs);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(s.source() + ": " + e.getMessage());
        }
    }

    /** Every {@code --knob} must name a knob and a valid value: the error names the option, not a file. */
    static void checkKnobs(List<String> knobs) {
        for (String a : knobs) {
            try {
                Knobs.BASE.withAll(List.of(a));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--knob " + a + ": " + e.getMessage());
            }
        }
    }

    /** Formatting of scenario results (text matrix and JSON). */
    static final class ScenarioReport {
        private static final ObjectMapper JSON = new ObjectMapper();

        private ScenarioReport() {
        }

        static String json(List<ScenarioResult> results) {
            ArrayNode arr = JSON.createArrayNode();
            for (ScenarioResult r : results) {
                ObjectNode o = arr.addObject();
                o.put("scenario", r.scenario());
                o.put("strategy", r.strategy().name());
                o.put("outcome", r.outcome().name());
                o.put("chain", r.chain());
                if (r.expected() == null) {
                    o.putNull("expected");
                } else {
                    o.put("expected", r.expected().name());
                }
                RunResult run = r.run();
                if (run != null) {
                    o.put("submitted", run.submitted());
                    o.put("completed", run.completed());
                    o.put("timeLimitHit", run.timeLimitHit());
                    o.put("longestNoProgressNs", run.longestNoProgressNs());
                }
                Exploration e = r.exploration();
                if (e != null) {
                    o.put("schedules", e.schedules());
                    ObjectNode counts = o.putObject("outcomes");
                    e.outcomes().forEach((k, v) -> counts.put(k.name(), v));
                    if (e.witnessSeed() == null) {
                        o.putNull("witnessSeed");
                    } else {
                        o.put("witnessSeed", e.witnessSeed());
                    }
                    if (e.witness() == null) {
                        o.putNull("witness");
                    } else {
                        o.put("witness", e.witness());
                    }
                    if (e.bound() == null) {
                        o.putNull("bound");
                    } else {
                        o.put("bound", e.bound());
                    }
                    o.put("verdict", e.verdict());
                }
            }
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(arr);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static String matrix(List<List<ScenarioResult>> rows) {
            List<Strategy> cols = new ArrayList<>();
            for (List<ScenarioResult> row : rows) {
                for (ScenarioResult r : row) {
                    if (!cols.contains(r.strategy())) {
                        cols.add(r.strategy());
                    }
                }
            }
            int w0 = 8;
            for (List<ScenarioResult> row : rows) {
                if (!row.isEmpty()) {
                    w0 = Math.max(w0, row.get(0).scenario().length() + 2);
                }
            }
            int w = 10;
            for (List<ScenarioResult> row : rows) {
                for (ScenarioResult r : row) {
                    w = Math.max(w, cellText(r).length());
                }
            }
            StringBuilder sb = new StringBuilder();
            sb.append(pad("scenario", w0));
            for (Strategy s : cols) {
                sb.append(pad(s.name(), w));
            }
            sb.append('\n');
            List<String> chains = new ArrayList<>();
            List<String> explored = new ArrayList<>();
            int mismatches = 0;
            int expectations = 0;
            for (List<ScenarioResult> row : rows) {
                if (row.isEmpty()) {
                    continue;
                }
                sb.append(pad(row.get(0).scenario(), w0));
                for (Strategy s : cols) {
                    ScenarioResult cell = null;
                    for (ScenarioResult r : row) {
                        if (r.strategy() == s) {
                            cell = r;
                        }
                    }
                    String text = cell == null ? "-" : cellText(cell);
                    if (cell != null && !cell.matches()) {
                        mismatches++;
                    }
                    if (cell != null && cell.hasExpectation()) {
                        expectations++;
                    }
                    sb.append(pad(text, w));
                    if (cell != null && !cell.chain().isEmpty()) {
                        chains.add(cell.scenario() + "/" + s.name() + ": " + cell.chain());
                    }
                    if (cell != null && cell.exploration() != null) {
                        explored.add(cell.scenario() + "/" + s.name() + ": " + describe(cell.exploration()));
                    }
                }
                sb.append('\n');
            }
            if (!explored.isEmpty()) {
                sb.append("\nschedules:\n");
                for (String c : explored) {
                    sb.append("  ").append(c).append('\n');
                }
            }
            if (!chains.isEmpty()) {
                sb.append(explored.isEmpty() ? "\nwait-for chains:\n" : "\nwait-for chains (of each witness):\n");
                for (String c : chains) {
                    sb.append("  ").append(c).append('\n');
                }
            }
            sb.append('\n').append(mismatches > 0 ? mismatches + " outcome(s) differ from the expectation (marked !)"
                    : expectations == 0 ? "no expectation for these strategies" : "all outcomes as expected")
                    .append('\n');
            return sb.toString();
        }

        /** The outcome, and under exploration how many schedules reached it: {@code mem-DL 37/200}. */
        private static String cellText(ScenarioResult r) {
            String t = abbreviate(r.outcome());
            Exploration e = r.exploration();
            if (e != null) {
                t += " " + e.outcomes().getOrDefault(r.outcome(), 0) + "/" + e.schedules();
            }
            return t + (r.matches() ? "" : "!");
        }

        private static String describe(Exploration e) {
            StringBuilder sb = new StringBuilder(e.verdict()).append(" (");
            String sep = "";
            for (java.util.Map.Entry<Outcome, Integer> c : e.outcomes().entrySet()) {
                sb.append(sep).append(c.getKey().name()).append(' ').append(c.getValue());
                sep = ", ";
            }
            sb.append(')');
            if (e.witness() != null) {
                sb.append("; witness ").append(e.witness());
                if (e.witnessSeed() != null) {
                    sb.append(" (replay: --seed ").append(e.witnessSeed()).append(')');
                } else {
                    sb.append(" (replay: --schedule ").append(e.witness()).append(')');
                }
            }
            return sb.toString();
        }

        private static String abbreviate(Outcome o) {
            return o == Outcome.MEMORY_DEADLOCK ? "mem-DL" : o.name();
        }

        private static String pad(String s, int w) {
            StringBuilder b = new StringBuilder(s);
            while (b.length() < w) {
                b.append(' ');
            }
            return b.append(' ').toString();
        }
    }
}
