package dev.dmreplay.replay.scenario;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.strategy.Strategy;

/** One cell of the scenario matrix. {@code expected} is null when the scenario states none. */
public record ScenarioResult(String scenario, Strategy strategy, Outcome outcome, String chain, Outcome expected,
                             RunResult run) {
    public boolean matches() {
        return expected == null || expected == outcome;
    }
}
