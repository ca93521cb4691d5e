package dev.dmreplay.replay.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdicts of issue 8.2: STALL by progress, INCOMPLETE, soft(1,1) = hard, chains that name every holder. */
class VerdictTest {
    private static final String TASKS = """
            id: V
            stack:
              leaves:
                - {name: sda, devno: "8:0", latency: 1ms}
                - {name: sdb, devno: "8:16", latency: 1ms}
              table: |
                X: 0 1048576 striped 2 8 8:0 0 8:16 0
            workload:
              tasks:
                - count: COUNT
                  bios:
                    - {device: X, op: write, sector: 0, taskStride: 64, sectors: 32}
            pressure: PRESSURE
            """;

    private static Scenario scenario(int count, String pressure, String extra) {
        return ScenarioLoader.parse("v.yaml", TASKS.replace("COUNT", Integer.toString(count))
                .replace("PRESSURE", pressure) + extra);
    }

    @Test
    void noProgressForLongerThanTheThresholdIsAStall() {
        // X suspended for 2 s with the bio queued: nothing completes, allocates or wakes for 2 s
        Scenario s = ScenarioLoader.parse("v.yaml", TASKS.replace("COUNT", "1").replace("PRESSURE", "none")
                .replace("sectors: 32}", "sectors: 32, at: 1ms}") + "suspend:\n  - {device: X, at: 0, resumeAfter: 2s}\n");
        RunResult r = ScenarioRunner.run(s, Strategy.DF, List.of()).run();
        assertThat(r.outcome()).isEqualTo(Outcome.STALL);
        assertThat(r.completed()).isEqualTo(r.submitted());
        assertThat(r.longestNoProgressNs()).isGreaterThan(1_000_000_000L);
    }

    @Test
    void longSubmissionWhileProgressContinuesIsAFigureNotAStall() {
        Scenario s5 = ScenarioLoader.load(Path.of("../traces/scenarios/S5.yaml"));
        RunResult r = ScenarioRunner.run(s5, Strategy.DF, List.of()).run();
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.longestSubmitNs()).as("about 128 rounds of 20 ms in generic_make_request")
                .isGreaterThan(2_000_000_000L);
        assertThat(r.longestNoProgressNs()).isLessThanOrEqualTo(20_000_000L);
    }

    @Test
    void aRunEndingAtItsTimeLimitWithBiosUnfinishedIsIncomplete() {
        Scenario s5 = ScenarioLoader.load(Path.of("../traces/scenarios/S5.yaml"));
        Scenario limited = Scenario.builder().id("S5-limited").stack(s5.stack()).tasks(s5.tasks()).mode(s5.mode())
                .pressure(s5.pressure()).timeLimitNs(100_000_000L).build();
        RunResult r = ScenarioRunner.run(limited, Strategy.DF, List.of()).run();
        assertThat(r.outcome()).isEqualTo(Outcome.INCOMPLETE);
        assertThat(r.timeLimitHit()).isTrue();
        assertThat(r.timeLimitNs()).isEqualTo(100_000_000L);
        assertThat(r.submitted()).isEqualTo(1);
        assertThat(r.completed()).isZero();
    }

    @Test
    void softPressureThatAlwaysFailsIsHardPressure() {
        ScenarioResult hard = ScenarioRunner.run(scenario(8, "hard", "cpuPerMap: 1us\n"), Strategy.BARE, List.of());
        ScenarioResult soft = ScenarioRunner.run(scenario(8, "soft(1.0,1.0)", "cpuPerMap: 1us\n"), Strategy.BARE,
                List.of());
        assertThat(hard.outcome()).isEqualTo(Outcome.MEMORY_DEADLOCK);
        assertThat(soft.outcome()).isEqualTo(hard.outcome());
        assertThat(soft.chain()).isEqualTo(hard.chain());
    }

    @Test
    void aChainThroughASharedPoolNamesEveryTasksParkedBio() {
        ScenarioResult r = ScenarioRunner.run(scenario(8, "hard", "cpuPerMap: 1us\n"), Strategy.BARE, List.of());
        for (int i = 1; i <= 8; i++) {
            assertThat(r.chain()).containsAnyOf("parked on bio_list of T" + i + ";",
                    "parked on bio_list of T" + i + ")");
        }
    }

    @Test
    void aPoolHeldEntirelyByTheWaitingTaskNamesItAsHolder() {
        // two linear targets: a bio across the boundary is two pieces, and the pool has max(1, num_flush_bios 1) = 1
        Scenario s = ScenarioLoader.parse("v.yaml", TASKS.replace("COUNT", "1").replace("PRESSURE", "hard")
                .replace("X: 0 1048576 striped 2 8 8:0 0 8:16 0", "X: 0 8 linear 8:0 0\n    X: 8 1048568 linear 8:16 0")
                .replace("sectors: 32}", "sectors: 16}"));
        ScenarioResult r = ScenarioRunner.run(s, Strategy.BARE, List.of("reservedBioBasedIos=1"));
        assertThat(r.outcome()).isEqualTo(Outcome.MEMORY_DEADLOCK);
        assertThat(r.chain()).isEqualTo("T1 waits in mempool_alloc for mempool md->bs of X (1 element in use: bio #3"
                + " (WRITE to sda) parked on bio_list of T1), whose elements are held by bio #3 (WRITE to sda) parked on"
                + " bio_list of T1, drained only by T1 (cycle)");
    }

    @Test
    void severityOrdersOutcomesForExploration() {
        assertThat(Outcome.worst(Outcome.FINE, Outcome.STALL)).isEqualTo(Outcome.STALL);
        assertThat(Outcome.worst(Outcome.MEMORY_DEADLOCK, Outcome.INCOMPLETE)).isEqualTo(Outcome.MEMORY_DEADLOCK);
        assertThat(Outcome.worst(Outcome.MEMORY_DEADLOCK, Outcome.DEADLOCK)).isEqualTo(Outcome.DEADLOCK);
    }
}
