package dev.dmreplay.replay.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Random schedules of one cell on several threads: the exploration (counts, witness, out-of-order ranges) must
 * be the one a single thread finds, the schedules must really be spread over threads, and a failing schedule
 * must fail the exploration the same way at every thread count.
 */
class ParallelExplorationTest {
    private static final Scenario S1 = ScenarioLoader.load(Path.of("../traces/scenarios/S1.yaml"));
    private static final List<String> NO_CPU = List.of("cpuNsPerMap=0");

    @Test
    void twoThreadsFindWhatOneThreadFinds() {
        Exploration one = ScenarioRunner.explore(S1, Strategy.BARE, NO_CPU, 80, 1).exploration();
        Exploration two = ScenarioRunner.explore(S1, Strategy.BARE, NO_CPU, 80, 2).exploration();
        Exploration three = ScenarioRunner.explore(S1, Strategy.BARE, NO_CPU, 80, 3).exploration();
        assertThat(one.outcome()).isEqualTo(Outcome.MEMORY_DEADLOCK); // a real finding, not 80 identical runs
        assertThat(one.outcomes()).containsKeys(Outcome.FINE, Outcome.MEMORY_DEADLOCK);
        assertThat(two).isEqualTo(one);
        assertThat(three).isEqualTo(one);
        assertThat(ScenarioRunner.explore(S1, Strategy.BARE, NO_CPU, 80).exploration()).isEqualTo(one);
    }

    @Test
    void recordingInBlocksFindsWhatOneBlockFinds() {
        Explorer.Cell cell = (sch, seed) -> ScenarioRunner.runOnce(S1, Strategy.BARE, NO_CPU, sch, seed);
        Exploration whole = Explorer.random(cell, S1.seed(), 90, 2, 90);
        assertThat(whole.outcomes()).containsKeys(Outcome.FINE, Outcome.MEMORY_DEADLOCK);
        for (int block : new int[] {1, 7, 64}) {
            assertThat(Explorer.random(cell, S1.seed(), 90, 2, block)).isEqualTo(whole);
            assertThat(Explorer.random(cell, S1.seed(), 90, 1, block)).isEqualTo(whole);
        }
    }

    @Test
    void schedulesRunOnSeveralThreadsAndAreRecordedInScheduleOrder() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Long> seeds = Collections.synchronizedList(new ArrayList<>());
        // Each worker's first schedule waits (bounded) until the other worker has started one: without it a fast
        // worker may legitimately take all 40 schedules before the second thread is scheduled, and the test would
        // be flaky on a loaded machine. A serial explorer never releases the latch and fails the assertion below.
        CountDownLatch bothStarted = new CountDownLatch(2);
        Explorer.Cell cell = (sch, seed) -> {
            if (threads.add(Thread.currentThread().getName())) {
                bothStarted.countDown();
                try {
                    bothStarted.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
            seeds.add(seed);
            return ScenarioRunner.runOnce(S1, Strategy.BARE, NO_CPU, sch, seed);
        };
        Exploration e = Explorer.random(cell, S1.seed(), 40, 2);
        assertThat(threads).containsExactlyInAnyOrder("schedule-0", "schedule-1");
        assertThat(seeds).hasSize(40).doesNotHaveDuplicates();
        assertThat(e.schedules()).isEqualTo(40);
        // the witness is the first schedule in schedule order that reached the worst outcome
        Exploration serial = Explorer.random((sch, seed) -> ScenarioRunner.runOnce(S1, Strategy.BARE, NO_CPU, sch,
                seed), S1.seed(), 40, 1);
        assertThat(e.witness()).isEqualTo(serial.witness());
    }

    @Test
    void theLowestFailingScheduleFailsTheExplorationAtEveryThreadCount() {
        long bad1 = ScheduleSeeds.derive(S1.seed(), 5);
        long bad2 = ScheduleSeeds.derive(S1.seed(), 9);
        Explorer.Cell cell = (sch, seed) -> {
            if (seed == bad1 || seed == bad2) {
                throw new IllegalStateException("schedule " + (seed == bad1 ? 5 : 9) + " failed");
            }
            return ScenarioRunner.runOnce(S1, Strategy.BARE, NO_CPU, sch, seed);
        };
        for (int threads : new int[] {1, 2, 4}) {
            assertThatThrownBy(() -> Explorer.random(cell, S1.seed(), 20, threads))
                    .isInstanceOf(IllegalStateException.class).hasMessage("schedule 5 failed");
        }
    }

    @Test
    void resultsComeBackInJobOrder() {
        List<Integer> r = ParallelRuns.map(50, 3, i -> {
            if (i % 7 == 0) {
                Thread.onSpinWait(); // uneven job lengths do not reorder results
            }
            return i * i;
        });
        for (int i = 0; i < 50; i++) {
            assertThat(r.get(i)).isEqualTo(i * i);
        }
        assertThatThrownBy(() -> ParallelRuns.map(3, 0, i -> i)).isInstanceOf(IllegalArgumentException.class);
    }
}
