package dev.dmreplay.replay.scenario;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.explore.Exploration;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.strategy.Strategy;

/**
 * One cell of the scenario matrix. {@code expected} is null when the scenario states none for the strategy. A
 * single run has {@code run} and no {@code exploration}; an explored cell has the {@code exploration} (its outcome
 * is the worst any schedule reached, its chain the witness's) and no single run.
 */
public record ScenarioResult(String scenario, Strategy strategy, Outcome outcome, String chain, Outcome expected,
                             RunResult run, Exploration exploration) {

    /** True when the scenario states an expectation for this strategy. */
    public boolean hasExpectation() {
        return expected != null;
    }

    /** False only when there is an expectation and the outcome differs from it. */
    public boolean matches() {
        return expected == null || expected == outcome;
    }
}
