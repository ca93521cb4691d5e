package dev.dmreplay.replay.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Discards to dm-zero and dm-error follow the preset's era: refused (BLK_STS_NOTSUPP) before v6.4, dropped by
 * dm-zero and killed by dm-error from v6.4 (00065f925efb, b6bcb8444681). Every schedule gives the same counts.
 */
class ZeroErrorDiscardsTest {
    private static Scenario scenario(String target) {
        return ScenarioLoader.parse("discards.yaml", """
                id: DISC
                stack:
                  leaves:
                    - {name: sda, devno: "8:0", latency: 1ms}
                  table: |
                    X: 0 2048 %s
                workload:
                  tasks:
                    - count: 2
                      bios:
                        - {device: X, op: discard, sector: 0, sectors: 64}
                        - {device: X, op: write, sector: 64, sectors: 8}
                pressure: none
                schedules: 6
                """.formatted(target));
    }

    private static void assertErrors(Scenario s, Strategy st, long errors) {
        for (int i = 0; i < s.schedules(); i++) {
            long seed = s.seed() + i;
            RunResult r = ScenarioRunner.runOnce(s, st, List.of(), ScenarioRunner.schedule(seed), seed);
            assertThat(r.outcome()).isEqualTo(Outcome.FINE);
            assertThat(r.completed()).isEqualTo(4);
            assertThat(r.errors()).as("%s under %s, schedule %d", s.stack().dms(), st, i).isEqualTo(errors);
        }
    }

    @Test
    void dmZeroDropsDiscardsFromV64AndRefusesThemBefore() {
        Scenario s = scenario("zero");
        assertErrors(s, Strategy.V60, 2);     // the two discards fail, the writes are dropped and end well
        assertErrors(s, Strategy.DF, 2);
        assertErrors(s, Strategy.V610, 0);
        assertErrors(s, Strategy.MODERN, 0);
        assertErrors(s, Strategy.BVA1, 0);
    }

    @Test
    void dmErrorFailsEverythingInEveryEraButOnlyV64ClonesTheDiscard() {
        Scenario s = scenario("error");
        assertErrors(s, Strategy.V60, 4);
        assertErrors(s, Strategy.MODERN, 4);
    }

    @Test
    void theKnobOverridesThePreset() {
        Scenario s = scenario("zero");
        RunResult r = ScenarioRunner.runOnce(s, Strategy.MODERN, List.of("zeroErrorDiscards=REFUSED"),
                ScenarioRunner.schedule(s.seed()), s.seed());
        assertThat(r.errors()).isEqualTo(2);
    }
}
