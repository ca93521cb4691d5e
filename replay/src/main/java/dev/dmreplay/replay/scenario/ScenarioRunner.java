package dev.dmreplay.replay.scenario;

import dev.dmreplay.ingest.io.BadInputException;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.ScenarioFormatException;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.replay.dm.MappedDevice;
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

    /**
     * The lock-step run with the scenario's seed, or the perturbed schedule its seed names. Bad input is a
     * {@link BadInputException}: the scenario's knobs, stack or suspend devices ({@link ScenarioFormatException}
     * naming its file), or {@code extraKnobs} ({@link OptionException} of {@code --knob}).
     */
    public static ScenarioResult run(Scenario s, Strategy strategy, List<String> extraKnobs) {
        return result(s, strategy, runOnce(s, strategy, extraKnobs, schedule(s.seed()), s.seed()), null);
    }

    /** The knobs of a run: the strategy's, the scenario's overrides, then {@code --knob}. */
    private static Knobs knobs(Scenario s, Strategy strategy, List<String> extraKnobs) {
        Knobs k;
        try { // the knob parser's verdict on text from the scenario, then from the command line
            k = strategy.knobs.withAll(s.knobOverrides());
        } catch (IllegalArgumentException e) {
            throw ScenarioFormatException.of(s.source(), "field knobs: " + e.getMessage());
        }
        try {
            return k.withAll(extraKnobs);
        } catch (IllegalArgumentException e) {
            throw OptionException.of("--knob", e.getMessage());
        }
    }

    /** One run under {@code schedule} with model seed {@code seed}. */
    public static RunResult runOnce(Scenario s, Strategy strategy, List<String> extraKnobs, Schedule schedule,
                                    long seed) {
        return runOnce(s, strategy, extraKnobs, schedule, seed, null);
    }

    /** {@link #runOnce} with {@code listener} (if not null) receiving the run's observations. */
    public static RunResult runOnce(Scenario s, Strategy strategy, List<String> extraKnobs, Schedule schedule,
                                    long seed, dev.dmreplay.replay.observe.ObservationListener listener) {
        Knobs k = knobs(s, strategy, extraKnobs);
        Machine m;
        try {
            m = new Machine(s.stack(), k, MemoryPressure.parse(s.pressure().toString()), seed);
        } catch (TableFormatException e) {
            throw ScenarioFormatException.of(s.source(), e.getMessage());
        }
        for (SuspendResume sr : s.suspends()) {
            if (!(m.deviceOrNull(sr.device()) instanceof MappedDevice)) {
                throw ScenarioFormatException.of(s.source(), "field suspend[].device: " + sr.device()
                        + " is not a DM device of the stack");
            }
        }
        m.kernel.sim.schedule(schedule);
        if (listener != null) {
            m.kernel.addListener(listener);
        }
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

    /** The cell under the baseline and {@code n - 1} random schedules, one after the other. */
    public static ScenarioResult explore(Scenario s, Strategy strategy, List<String> extraKnobs, int n) {
        return explore(s, strategy, extraKnobs, n, 1);
    }

    /**
     * The cell under the baseline and {@code n - 1} random schedules on up to {@code threads} threads; the result
     * does not depend on {@code threads} ({@link Explorer#random(Explorer.Cell, long, int, int)}).
     */
    public static ScenarioResult explore(Scenario s, Strategy strategy, List<String> extraKnobs, int n, int threads) {
        Exploration e = Explorer.random((sch, seed) -> runOnce(s, strategy, extraKnobs, sch, seed), s.seed(), n,
                threads);
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
