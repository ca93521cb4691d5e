package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.evaluate.EvalRow;
import dev.dmreplay.analyze.evaluate.Evaluation;
import dev.dmreplay.analyze.evaluate.EvaluationRunner;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.reports.render.EvaluatePage;
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

/**
 * {@code dmreplay evaluate --strategy A,B [scenarios] [traces...] -o eval.html}: the "evaluate an ordering" page,
 * with its JSON beside it.
 */
@Command(name = "evaluate",
        header = "Evaluate orderings: scenario matrix and trace replays under chosen strategies, differences first.",
        mixinStandardHelpOptions = true,
        description = {"Run the scenario matrix and replay recorded traces under the chosen rescue strategies",
            "(kernel eras or proposals), every cell explored over several schedules, and write one self-contained",
            "HTML page with the differences that matter first (outcome, the lowest mempool reserve, sleeps in",
            "mempool_alloc), unmerged proposals marked as such; the same as JSON beside it (eval.json for",
            "eval.html). Without inputs, the bundled traces/scenarios."})
public final class EvaluateCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "INPUT", description = "Scenario files or directories, traces or bundles.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--strategy", split = ",", required = true, paramLabel = "ID",
            description = "The strategies to compare (at least one), e.g. MODERN,DF.")
    List<String> strategies;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "HTML file to write.")
    Path output;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "20",
            description = "Schedules per scenario cell (default: ${DEFAULT-VALUE}).")
    int schedules;

    @Option(names = "--trace-schedules", paramLabel = "N", defaultValue = "1",
            description = "Schedules per trace cell (each one replays the whole trace; default: ${DEFAULT-VALUE}).")
    int traceSchedules;

    @Option(names = "--pressure", split = ",", paramLabel = "SPEC", defaultValue = "none,hard",
            description = "Memory pressures to replay each trace under (default: ${DEFAULT-VALUE}).")
    List<String> pressures;

    @Option(names = "--title", paramLabel = "TEXT", description = "Page title.")
    String title;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ScheduleArgs.checkCounts(schedules, null);
        if (traceSchedules < 1) {
            throw OptionException.of("--trace-schedules", "expected a number >= 1, not " + traceSchedules);
        }
        List<Strategy> chosen = new ArrayList<>();
        for (String s : strategies) {
            Strategy st = OptionValues.parse("--strategy", () -> Strategy.parse(s));
            if (!chosen.contains(st)) {
                chosen.add(st);
            }
        }
        for (String p : pressures) {
            OptionValues.parse("--pressure", () -> MemoryPressure.parse(p));
        }
        if (!output.getFileName().toString().endsWith(".html")) {
            throw OptionException.of("-o", "expected an .html file (the JSON goes beside it), not " + output);
        }
        List<Path> in = new ArrayList<>(inputs);
        if (in.isEmpty()) {
            in.add(DemoLocator.traces(null).resolve("scenarios"));
        }
        for (Path p : in) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
        }
        List<EvalRow> rows = new ArrayList<>();
        List<String> scenarioSources = new ArrayList<>();
        List<Path> traces = new ArrayList<>();
        for (Path p : in) {
            if (ReportSources.isScenarios(p)) {
                scenarioSources.add(p.toString());
                for (Scenario s : ScenarioLoader.loadAll(p)) {
                    rows.add(EvaluationRunner.scenario(s, chosen, schedules));
                }
            } else {
                traces.add(p);
            }
        }
        for (Path t : traces) {
            for (String p : pressures) {
                try {
                    rows.add(EvaluationRunner.trace(t, ReportSources.name(t), p, chosen, traceSchedules));
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        }
        Evaluation e = new Evaluation(chosen, schedules, traceSchedules,
                scenarioSources.isEmpty() ? null : String.join(", ", scenarioSources), rows);
        String name = output.getFileName().toString();
        Path json = output.resolveSibling(name.substring(0, name.length() - ".html".length()) + ".json");
        String t = title != null ? title : "dmreplay evaluate: " + String.join(", ", chosen.stream().map(Strategy::name).toList());
        EvaluatePage.write(e, t, output, json);
        var out = spec.commandLine().getOut();
        out.println(e.differences().size() + " difference(s) between " + chosen.size() + " strategies over "
                + rows.size() + " rows; page " + output + ", JSON " + json);
        out.flush();
        return Main.EXIT_OK;
    }
}
