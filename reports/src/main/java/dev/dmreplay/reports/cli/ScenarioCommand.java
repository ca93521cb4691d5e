package dev.dmreplay.reports.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.replay.detect.Outcome;
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
            "outcome matrix (FINE, STALL, DEADLOCK, MEMORY_DEADLOCK) with the wait-for chain of each deadlock.",
            "A cell marked '!' differs from the scenario's expected outcome."})
public final class ScenarioCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "A scenario file or a directory of them.")
    Path path;

    @Option(names = "--strategy", split = ",", paramLabel = "ID",
            description = "Strategies to run (default: the scenario's list, normally BARE,RESC,OFFL,NEIL,DF,HELP,MDSP).")
    List<String> strategies;

    @Option(names = "--knob", paramLabel = "NAME=VALUE", description = "Override a strategy knob (repeatable).")
    List<String> knobs = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON array of {scenario, strategy, outcome, chain, expected}.")
    boolean json;

    @Option(names = "--fail-on-mismatch", description = "Exit 1 if an outcome differs from the scenario's expectation.")
    boolean failOnMismatch;

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
                    throw new BadInputException(e.getMessage());
                }
            }
        }
        List<Scenario> scenarios = ScenarioLoader.loadAll(path);
        List<ScenarioResult> results = new ArrayList<>();
        List<List<ScenarioResult>> rows = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<ScenarioResult> row = new ArrayList<>();
            for (Strategy st : chosen != null ? chosen : s.strategies()) {
                try {
                    row.add(ScenarioRunner.run(s, st, knobs));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(s.source() + ": " + e.getMessage());
                }
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
        if (failOnMismatch && results.stream().anyMatch(r -> !r.matches())) {
            throw new FindingsException("some outcomes differ from the scenarios' expectations");
        }
        return Main.EXIT_OK;
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
            StringBuilder sb = new StringBuilder();
            sb.append(pad("scenario", w0));
            for (Strategy s : cols) {
                sb.append(pad(s.name(), 10));
            }
            sb.append('\n');
            List<String> chains = new ArrayList<>();
            int mismatches = 0;
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
                    String text = cell == null ? "-" : abbreviate(cell.outcome()) + (cell.matches() ? "" : "!");
                    if (cell != null && !cell.matches()) {
                        mismatches++;
                    }
                    sb.append(pad(text, 10));
                    if (cell != null && !cell.chain().isEmpty()) {
                        chains.add(cell.scenario() + "/" + s.name() + ": " + cell.chain());
                    }
                }
                sb.append('\n');
            }
            if (!chains.isEmpty()) {
                sb.append("\nwait-for chains:\n");
                for (String c : chains) {
                    sb.append("  ").append(c).append('\n');
                }
            }
            sb.append('\n').append(mismatches == 0 ? "all outcomes as expected"
                    : mismatches + " outcome(s) differ from the expectation (marked !)").append('\n');
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
