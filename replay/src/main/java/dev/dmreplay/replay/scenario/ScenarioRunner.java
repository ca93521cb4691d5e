package dev.dmreplay.replay.scenario;

import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SuspendResume;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;

/** Runs a scenario under a strategy (knob overrides of the scenario, then of the caller, applied in order). */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    public static ScenarioResult run(Scenario s, Strategy strategy, List<String> extraKnobs) {
        Knobs k = strategy.knobs.withAll(s.knobOverrides()).withAll(extraKnobs);
        Machine m = new Machine(s.stack(), k, dev.dmreplay.replay.pressure.MemoryPressure.parse(s.pressure().toString()),
                s.seed());
        RunResult r = ReplayRun.run(m, SuspendResume.around(new SyntheticWorkload(s.tasks(), s.mode()), s.suspends()),
                new ReplayRun.Options(s.stallThresholdNs(), s.timeLimitNs()));
        return new ScenarioResult(s.id(), strategy, r.outcome(), r.chain(), s.expected().get(strategy), r);
    }

    /** Every strategy of the scenario, in its order. */
    public static List<ScenarioResult> runAll(Scenario s, List<String> extraKnobs) {
        List<ScenarioResult> out = new ArrayList<>();
        for (Strategy st : s.strategies()) {
            out.add(run(s, st, extraKnobs));
        }
        return out;
    }
}
