package dev.dmreplay.analyze.evaluate;

import dev.dmreplay.replay.explore.Exploration;
import dev.dmreplay.replay.explore.Explorer;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the cells of an evaluation: each scenario, and each trace under each pressure, under every chosen strategy
 * and {@code n} schedules ({@link Explorer#random}: the lock-step run and {@code n - 1} perturbed ones from the
 * seed), keeping every schedule's run so that the pressure figures are those of the worst schedule.
 */
public final class EvaluationRunner {
    private EvaluationRunner() {
    }

    /** One scenario row. */
    public static EvalRow scenario(Scenario s, List<Strategy> strategies, int n) {
        List<EvalRow.Cell> cells = new ArrayList<>();
        for (Strategy st : strategies) {
            List<RunResult> runs = new ArrayList<>();
            Exploration e = Explorer.random((sch, seed) -> keep(runs,
                    ScenarioRunner.runOnce(s, st, List.of(), sch, seed)), s.seed(), n);
            cells.add(new EvalRow.Cell(st, CellFigures.of(e.outcome(), e.schedules(), e.outcomes(), e.witnessChain(),
                    runs), s.expected().get(st)));
        }
        return new EvalRow(EvalRow.Kind.SCENARIO, s.id(), s.title(), s.shows(), s.pressure().toString(), cells);
    }

    /**
     * One trace row under {@code pressure}: the trace replayed through the stack of its own dmsetup dumps, with the
     * defaults of {@code dmreplay replay} otherwise.
     */
    public static EvalRow trace(Path trace, String name, String pressureText, List<Strategy> strategies, int n) {
        List<EvalRow.Cell> cells = new ArrayList<>();
        ReplayRun.Options opts = ReplayRun.Options.defaults();
        for (Strategy st : strategies) {
            TraceReplay.Setup base = TraceReplay.Setup.builder(trace).knobs(st.knobs)
                    .pressure(MemoryPressure.parse(pressureText)).options(opts).build();
            List<RunResult> runs = new ArrayList<>();
            Exploration e = Explorer.random((sch, seed) -> {
                TraceReplay.Prepared q;
                try {
                    q = TraceReplay.prepare(base.withSeed(seed));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
                q.machine().kernel.sim.schedule(sch);
                return keep(runs, q.run(null, opts));
            }, base.seed(), n);
            cells.add(new EvalRow.Cell(st, CellFigures.of(e.outcome(), e.schedules(), e.outcomes(), e.witnessChain(),
                    runs), null));
        }
        return new EvalRow(EvalRow.Kind.TRACE, name, "", "", pressureText, cells);
    }

    private static RunResult keep(List<RunResult> runs, RunResult r) {
        runs.add(r);
        return r;
    }
}
