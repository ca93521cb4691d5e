package dev.dmreplay.reports.cli;

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
                chosen.add(OptionValues.parse("--strategy", () -> Strategy.parse(s)));
            }
        }
        List<Scenario> scenarios = ScenarioLoader.loadAll(path);
        List<ScenarioResult> results = new ArrayList<>();
        List<List<ScenarioResult>> rows = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<ScenarioResult> row = new ArrayList<>();
            for (Strategy st : chosen != null ? chosen : s.strategies()) {
                row.add(ScenarioRunner.run(s, st, knobs));
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
}
