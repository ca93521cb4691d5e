package dev.dmreplay.replay.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.sim.Schedule;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * S1 with 8 tasks, 4 pieces each, a reserve of 16 and no CPU time per mapped piece: the lock-step run lets every
 * task finish mapping before the next starts (FINE), although 8 x (4 - 1) >= 16 makes the memory deadlock
 * reachable. Exploration must find it under BARE, with a witness that replays alone, and must find none for the
 * depth-first strategies, which dispatch each piece before allocating the next.
 */
class ExplorationTest {
    private static final Scenario S1 = ScenarioLoader.load(Path.of("../traces/scenarios/S1.yaml"));
    private static final List<String> NO_CPU = List.of("cpuNsPerMap=0");

    @Test
    void lockStepAloneMissesTheDeadlock() {
        assertThat(ScenarioRunner.run(S1, Strategy.BARE, NO_CPU).outcome()).isEqualTo(Outcome.FINE);
    }

    @Test
    void randomSchedulesFindTheBareDeadlockWithAWitnessThatReplaysAlone() {
        ScenarioResult r = ScenarioRunner.explore(S1, Strategy.BARE, NO_CPU, 200);
        Exploration e = r.exploration();
        assertThat(e.outcome()).isEqualTo(Outcome.MEMORY_DEADLOCK);
        assertThat(e.verdict()).isEqualTo("deadlock found");
        assertThat(e.schedules()).isEqualTo(200);
        assertThat(e.outcomes().get(Outcome.MEMORY_DEADLOCK)).isPositive();
        assertThat(e.outcomes().get(Outcome.FINE)).as("the baseline at least is FINE").isPositive();
        long w = e.witnessSeed();
        assertThat(ScheduleSeeds.isScheduleSeed(w)).isTrue();
        assertThat(e.witness()).isEqualTo("seed:" + w);

        ScenarioResult alone = ScenarioRunner.run(S1.withSeed(w), Strategy.BARE, NO_CPU);
        assertThat(alone.outcome()).isEqualTo(Outcome.MEMORY_DEADLOCK);
        assertThat(alone.chain()).isEqualTo(r.chain()).contains("mempool md->bs of X").endsWith("(cycle)");
    }

    @Test
    void explorationIsDeterministic() {
        Exploration a = ScenarioRunner.explore(S1, Strategy.BARE, NO_CPU, 60).exploration();
        Exploration b = ScenarioRunner.explore(S1, Strategy.BARE, NO_CPU, 60).exploration();
        assertThat(a).isEqualTo(b);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"DF", "MDSP", "MODERN"})
    void depthFirstStrategiesReachNoDeadlockInAnySchedule(Strategy st) {
        Exploration random = ScenarioRunner.explore(S1, st, NO_CPU, 200).exploration();
        assertThat(random.outcomes()).containsOnlyKeys(Outcome.FINE);
        assertThat(random.verdict()).isEqualTo("200 random schedules, none");
        assertThat(random.witnessSeed()).isNull();

        Exploration k1 = ScenarioRunner.exploreSystematic(S1, st, NO_CPU, 1, 100_000).exploration();
        assertThat(k1.outcome()).isEqualTo(Outcome.FINE);
        assertThat(k1.exhausted()).isTrue();
        assertThat(k1.bound()).isEqualTo(1);
        assertThat(k1.verdict()).isEqualTo("none within 1 preemptions");
        assertThat(k1.schedules()).as("both bases, every single preemption point").isGreaterThan(50);
    }

    @Test
    void systematicSearchFindsTheBareDeadlockAndItsWitnessReplays() {
        Exploration e = ScenarioRunner.exploreSystematic(S1, Strategy.BARE, NO_CPU, 1, 100_000).exploration();
        assertThat(e.outcome()).isEqualTo(Outcome.MEMORY_DEADLOCK);
        assertThat(e.verdict()).isEqualTo("deadlock found");
        FlipSchedule fs = FlipSchedule.parse(e.witness());
        assertThat(fs).isNotNull();
        assertThat(ScenarioRunner.runFlips(S1, Strategy.BARE, NO_CPU, fs).outcome()).isEqualTo(Outcome.MEMORY_DEADLOCK);
    }

    @Test
    void lockStepScheduleChangesNothing() {
        RunResult a = ScenarioRunner.runOnce(S1, Strategy.DF, List.of(), Schedule.LOCK_STEP, 1);
        RunResult b = ScenarioRunner.run(S1, Strategy.DF, List.of()).run();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void flipSchedulesPrintWhatTheyParse() {
        FlipSchedule f = FlipSchedule.parse("rtc:17,3");
        assertThat(f.toString()).isEqualTo("rtc:3,17");
        assertThat(FlipSchedule.parse("rr:").flips()).isEmpty();
        assertThat(FlipSchedule.parse("seed:5")).isNull();
    }
}
