package dev.dmreplay.replay.scenario;

import dev.dmreplay.ingest.io.BadInputException;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.ScenarioFormatException;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.replay.dm.MappedDevice;
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

    /**
     * Runs {@code s} under {@code strategy}. Bad input is a {@link BadInputException}: the scenario's knobs, stack or
     * suspend devices ({@link ScenarioFormatException} naming its file), or {@code extraKnobs}
     * ({@link OptionException} of {@code --knob}).
     */
    public static ScenarioResult run(Scenario s, Strategy strategy, List<String> extraKnobs) {
        Knobs k;
        try { // the knob parser's verdict on text from the scenario, then from the command line
            k = strategy.knobs.withAll(s.knobOverrides());
        } catch (IllegalArgumentException e) {
            throw ScenarioFormatException.of(s.source(), "field knobs: " + e.getMessage());
        }
        try {
            k = k.withAll(extraKnobs);
        } catch (IllegalArgumentException e) {
            throw OptionException.of("--knob", e.getMessage());
        }
        Machine m;
        try {
            m = new Machine(s.stack(), k, dev.dmreplay.replay.pressure.MemoryPressure.parse(s.pressure().toString()),
                    s.seed());
        } catch (TableFormatException e) {
            throw ScenarioFormatException.of(s.source(), e.getMessage());
        }
        for (SuspendResume sr : s.suspends()) {
            if (!(m.deviceOrNull(sr.device()) instanceof MappedDevice)) {
                throw ScenarioFormatException.of(s.source(), "field suspend[].device: " + sr.device()
                        + " is not a DM device of the stack");
            }
        }
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
