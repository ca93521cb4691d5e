package dev.dmreplay.replay.scenario;

import dev.dmreplay.replay.explore.Exploration;
import dev.dmreplay.replay.explore.Explorer;
import dev.dmreplay.replay.explore.FlipSchedule;
import dev.dmreplay.replay.explore.RandomSchedule;
import dev.dmreplay.replay.explore.ScheduleSeeds;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.sim.Schedule;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.SuspendResume;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario under a strategy (knob overrides of the scenario, then of the caller, applied in order), in the
 * lock-step interleaving, in one explored schedule, or under exploration ({@link Explorer}).
 */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    /** The lock-step run with the scenario's seed, or the perturbed schedule its seed names. */
    public static ScenarioResult run(Scenario s, Strategy strategy, List<String> extraKnobs) {
        return result(s, strategy, runOnce(s, strategy, extraKnobs, schedule(s.seed()), s.seed()), null);
    }

    /** One run under {@code schedule} with model seed {@code seed}. */
    public static RunResult runOnce(Scenario s, Strategy strategy, List<String> extraKnobs, Schedule schedule,
                                    long seed) {
        Knobs k = strategy.knobs.withAll(s.knobOverrides()).withAll(extraKnobs);
        Machine m = new Machine(s.stack(), k, MemoryPressure.parse(s.pressure().toString()), seed);
        m.kernel.sim.schedule(schedule);
        List<SyntheticWorkload.TaskPlan> plans = s.tasks();
        if (schedule instanceof RandomSchedule rs && rs.stagger > 0) {
            plans = staggered(plans, rs);
        }
        return ReplayRun.run(m, SuspendResume.around(new SyntheticWorkload(plans, s.mode()), s.suspends()),
                new ReplayRun.Options(s.stallThresholdNs(), s.timeLimitNs()));
    }

    /** The schedule a seed names: a perturbed one for {@link ScheduleSeeds schedule seeds}, else lock step. */
    public static Schedule schedule(long seed) {
        return ScheduleSeeds.schedule(seed);
    }

    /** Runs the systematic-search schedule {@code spec} ({@code rtc:I,J} or {@code rr:I,J}) alone. */
    public static ScenarioResult runFlips(Scenario s, Strategy strategy, List<String> extraKnobs, FlipSchedule fs) {
        return result(s, strategy, runOnce(s, strategy, extraKnobs, fs, s.seed()), null);
    }

    /** The cell under the baseline and {@code n - 1} random schedules. */
    public static ScenarioResult explore(Scenario s, Strategy strategy, List<String> extraKnobs, int n) {
        Exploration e = Explorer.random((sch, seed) -> runOnce(s, strategy, extraKnobs, sch, seed), s.seed(), n);
        return result(s, strategy, null, e);
    }

    /** The cell under every schedule with at most {@code k} preemptions (or delays), up to {@code maxRuns}. */
    public static ScenarioResult exploreSystematic(Scenario s, Strategy strategy, List<String> extraKnobs, int k,
                                                   int maxRuns) {
        Exploration e = Explorer.systematic((sch, seed) -> runOnce(s, strategy, extraKnobs, sch, seed), s.seed(), k,
                maxRuns);
        return result(s, strategy, null, e);
    }

    private static ScenarioResult result(Scenario s, Strategy strategy, RunResult r, Exploration e) {
        if (e != null) {
            return new ScenarioResult(s.id(), strategy, e.outcome(), e.witnessChain(), s.expected().get(strategy), null,
                    e);
        }
        return new ScenarioResult(s.id(), strategy, r.outcome(), r.chain(), s.expected().get(strategy), r, null);
    }

    private static List<SyntheticWorkload.TaskPlan> staggered(List<SyntheticWorkload.TaskPlan> plans,
                                                              RandomSchedule rs) {
        List<SyntheticWorkload.TaskPlan> out = new ArrayList<>();
        for (SyntheticWorkload.TaskPlan p : plans) {
            long off = rs.nextArrivalOffset();
            List<BioRequest> reqs = new ArrayList<>();
            for (BioRequest b : p.requests()) {
                reqs.add(new BioRequest(b.time() + off, b.device(), b.op(), b.flags(), b.sector(), b.sectors()));
            }
            out.add(new SyntheticWorkload.TaskPlan(p.name(), reqs));
        }
        return out;
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
