package dev.dmreplay.replay.target.crypt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario S8 (traces/scenarios/S8.yaml, S8-fixed.yaml): the dm-crypt page-pool deadlock of v4.0 and its fix
 * 7145c241a1bf, under every strategy, over several seeds, kcryptd concurrencies (2 and 4 CPUs) and map CPU
 * times, and with {@code no_write_workqueue} (the allocation then runs in the submitting tasks, inside
 * {@code generic_make_request}).
 */
class CryptS8Test {
    private static final Path DIR = Path.of("../traces/scenarios");

    static Stream<Arguments> schedules() {
        List<Arguments> l = new ArrayList<>();
        for (Strategy s : Strategy.CLAIMS) {
            for (long seed : new long[] {1, 7, 42}) {
                for (int cpus : new int[] {2, 4}) {
                    l.add(Arguments.of(s, seed, cpus, seed == 7 ? "3us" : "1us", false));
                }
            }
            l.add(Arguments.of(s, 5L, 2, "1us", true));
        }
        return l.stream();
    }

    private static Scenario variant(String file, long seed, int cpus, String cpuPerMap, boolean noWriteWq)
            throws Exception {
        String text = Files.readString(DIR.resolve(file))
                .replace("cryptCpus: 2", "cryptCpus: " + cpus)
                .replace("cpuPerMap: 1us", "cpuPerMap: " + cpuPerMap) + "seed: " + seed + "\n";
        if (noWriteWq) {
            text = text.replace(" 0 8:0 0\n", " 0 8:0 0 1 no_write_workqueue\n");
        }
        return ScenarioLoader.parse(file, text);
    }

    @ParameterizedTest(name = "{0} seed {1} cpus {2} cpuPerMap {3} no_write_workqueue {4}")
    @MethodSource("schedules")
    void beforeTheFixEveryStrategyDeadlocksOnThePagePool(Strategy s, long seed, int cpus, String cpu, boolean noWq)
            throws Exception {
        ScenarioResult r = ScenarioRunner.run(variant("S8.yaml", seed, cpus, cpu, noWq), s, List.of());
        assertThat(r.outcome()).as(r.chain()).isEqualTo(Outcome.MEMORY_DEADLOCK);
        assertThat(r.chain()).contains("waits in mempool_alloc for mempool cc->page_pool of X (256 elements in use: ")
                .contains("-page crypt buffer of bio #").endsWith("(cycle)");
        if (noWq) {
            assertThat(r.chain()).startsWith("T");
        } else {
            assertThat(r.chain()).startsWith("kcryptd/X");
        }
        assertThat(r.run().completed()).isZero();
    }

    @ParameterizedTest(name = "{0} seed {1} cpus {2} cpuPerMap {3} no_write_workqueue {4}")
    @MethodSource("schedules")
    void withTheFixEveryWriteCompletes(Strategy s, long seed, int cpus, String cpu, boolean noWq) throws Exception {
        ScenarioResult r = ScenarioRunner.run(variant("S8-fixed.yaml", seed, cpus, cpu, noWq), s, List.of());
        assertThat(r.outcome()).as(r.chain()).isEqualTo(Outcome.FINE);
        assertThat(r.run().completed()).isEqualTo(r.run().submitted()).isEqualTo(8);
        // the retry path was taken: non-blocking page allocations failed and someone slept for pages
        assertThat(r.run().pools()).anySatisfy(p -> {
            assertThat(p.pool()).isEqualTo("cc->page_pool of X");
            assertThat(p.nonBlockingFailures()).isPositive();
            assertThat(p.inUseAtEnd()).isZero();
        });
    }
}
