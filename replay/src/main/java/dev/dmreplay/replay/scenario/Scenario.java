package dev.dmreplay.replay.scenario;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import dev.dmreplay.replay.workload.ReplayMode;
import java.util.List;
import java.util.Map;

/**
 * A scenario as loaded from a file (format in replay/README.md): a stack, a synthetic workload, pressure, run
 * limits, knob overrides applied to every strategy, the strategies to run, and the expected outcome per strategy.
 */
public record Scenario(String id, String title, String source, String notes, StackSpec stack,
                       List<SyntheticWorkload.TaskPlan> tasks, ReplayMode mode, MemoryPressure pressure,
                       long stallThresholdNs, long timeLimitNs, long seed, List<String> knobOverrides,
                       List<Strategy> strategies, Map<Strategy, Outcome> expected,
                       List<dev.dmreplay.replay.workload.SuspendResume> suspends) {
}
