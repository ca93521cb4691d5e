package dev.dmreplay.replay.scenario;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SuspendResume;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.List;
import java.util.Map;

/**
 * A scenario as loaded from a file (format in replay/README.md): a stack, a synthetic workload, pressure, run
 * limits, knob overrides applied to every strategy, the strategies to run, the expected outcome per strategy, and
 * how many schedules those expectations were checked under ({@code schedules}; {@code explore} is the
 * preemption bound of the systematic search they were checked with, -1 for none), and {@code shows}: one line on what
 * the scenario shows, for the matrix (empty when the file has none). Build with {@link #builder()}.
 */
public record Scenario(String id, String title, String source, String notes, StackSpec stack,
                       List<SyntheticWorkload.TaskPlan> tasks, ReplayMode mode, MemoryPressure pressure,
                       long stallThresholdNs, long timeLimitNs, long seed, List<String> knobOverrides,
                       List<Strategy> strategies, Map<Strategy, Outcome> expected, List<SuspendResume> suspends,
                       int schedules, int explore, String shows) {

    /** A scenario without a {@code shows} line. */
    public Scenario(String id, String title, String source, String notes, StackSpec stack,
                    List<SyntheticWorkload.TaskPlan> tasks, ReplayMode mode, MemoryPressure pressure,
                    long stallThresholdNs, long timeLimitNs, long seed, List<String> knobOverrides,
                    List<Strategy> strategies, Map<Strategy, Outcome> expected, List<SuspendResume> suspends,
                    int schedules, int explore) {
        this(id, title, source, notes, stack, tasks, mode, pressure, stallThresholdNs, timeLimitNs, seed,
                knobOverrides, strategies, expected, suspends, schedules, explore, "");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy with another seed (replaying one schedule of an exploration). */
    public Scenario withSeed(long newSeed) {
        return new Scenario(id, title, source, notes, stack, tasks, mode, pressure, stallThresholdNs, timeLimitNs,
                newSeed, knobOverrides, strategies, expected, suspends, schedules, explore, shows);
    }

    /** Builder for {@link Scenario}; defaults are those of a scenario file that leaves the key out. */
    public static final class Builder {
        private String id;
        private String title = "";
        private String source = "";
        private String notes = "";
        private StackSpec stack;
        private List<SyntheticWorkload.TaskPlan> tasks = List.of();
        private ReplayMode mode;
        private MemoryPressure pressure = MemoryPressure.none();
        private long stallThresholdNs = dev.dmreplay.replay.sim.Kernel.DEFAULT_STALL_THRESHOLD_NS;
        private long timeLimitNs = 600_000_000_000L;
        private long seed = 1;
        private List<String> knobOverrides = List.of();
        private List<Strategy> strategies = List.of(Strategy.CLAIMS);
        private Map<Strategy, Outcome> expected = Map.of();
        private List<SuspendResume> suspends = List.of();
        private int schedules = 1;
        private int explore = -1;
        private String shows = "";

        private Builder() {
        }

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder title(String v) {
            title = v;
            return this;
        }

        public Builder source(String v) {
            source = v;
            return this;
        }

        public Builder notes(String v) {
            notes = v;
            return this;
        }

        public Builder stack(StackSpec v) {
            stack = v;
            return this;
        }

        public Builder tasks(List<SyntheticWorkload.TaskPlan> v) {
            tasks = v;
            return this;
        }

        public Builder mode(ReplayMode v) {
            mode = v;
            return this;
        }

        public Builder pressure(MemoryPressure v) {
            pressure = v;
            return this;
        }

        public Builder stallThresholdNs(long v) {
            stallThresholdNs = v;
            return this;
        }

        public Builder timeLimitNs(long v) {
            timeLimitNs = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder knobOverrides(List<String> v) {
            knobOverrides = v;
            return this;
        }

        public Builder strategies(List<Strategy> v) {
            strategies = v;
            return this;
        }

        public Builder expected(Map<Strategy, Outcome> v) {
            expected = v;
            return this;
        }

        public Builder suspends(List<SuspendResume> v) {
            suspends = v;
            return this;
        }

        public Builder schedules(int v) {
            schedules = v;
            return this;
        }

        public Builder explore(int v) {
            explore = v;
            return this;
        }

        public Builder shows(String v) {
            shows = v;
            return this;
        }

        public Scenario build() {
            if (id == null || stack == null || mode == null) {
                throw new IllegalStateException("a scenario needs an id, a stack and a mode");
            }
            return new Scenario(id, title, source, notes, stack, tasks, mode, pressure, stallThresholdNs, timeLimitNs,
                    seed, knobOverrides, strategies, expected, suspends, schedules, explore, shows);
        }
    }
}
