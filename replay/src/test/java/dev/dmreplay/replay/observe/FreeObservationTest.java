package dev.dmreplay.replay.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of the suite under every strategy it lists: each FREE releases an element some ALLOC of the same
 * pool handed to the same bio, the reserve it reports never exceeds min_nr, and in a FINE run every ALLOC has been
 * matched by a FREE by the end (in any run, the unmatched ones are exactly the model's elements in use at end).
 */
class FreeObservationTest {

    static Stream<Arguments> cells() {
        List<Arguments> l = new ArrayList<>();
        for (Scenario s : ScenarioLoader.loadAll(Path.of("../traces/scenarios"))) {
            for (Strategy st : s.strategies()) {
                l.add(Arguments.of(s.id(), st.name(), s, st));
            }
        }
        return l.stream();
    }

    /** Elements held per pool and holder bio, from ALLOC and FREE. */
    private static final class Ledger implements ObservationListener {
        final Map<String, Map<Long, Integer>> held = new TreeMap<>();
        final Map<String, Long> maxReserveAfterFree = new TreeMap<>();
        long allocs;
        long frees;
        final List<String> unmatched = new ArrayList<>();

        @Override
        public void on(Observation o) {
            if (o.kind() == ObservationKind.ALLOC) {
                allocs++;
                held.computeIfAbsent(o.resource(), p -> new TreeMap<>()).merge(o.bio(), 1, Integer::sum);
            } else if (o.kind() == ObservationKind.FREE) {
                frees++;
                assertThat(o.freeTo()).isNotNull();
                assertThat(o.detail()).isEqualTo(o.freeTo().detail());
                assertThat(o.pool().name()).isEqualTo(o.resource());
                maxReserveAfterFree.merge(o.resource(), o.value(), Math::max);
                Map<Long, Integer> m = held.get(o.resource());
                Integer n = m == null ? null : m.get(o.bio());
                if (n == null) {
                    unmatched.add(o.resource() + " bio " + o.bio() + " at " + o.time());
                } else if (n == 1) {
                    m.remove(o.bio());
                } else {
                    m.put(o.bio(), n - 1);
                }
            }
        }

        int inUse(String pool) {
            Map<Long, Integer> m = held.get(pool);
            return m == null ? 0 : m.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cells")
    void everyAllocIsMatchedByAFree(String id, String strategy, Scenario s, Strategy st) {
        Knobs k = st.knobs.withAll(s.knobOverrides());
        Machine m = new Machine(s.stack(), k, MemoryPressure.parse(s.pressure().toString()), s.seed());
        Ledger ledger = new Ledger();
        m.kernel.addListener(ledger);
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()),
                new ReplayRun.Options(s.stallThresholdNs(), s.timeLimitNs()));

        assertThat(ledger.unmatched).as("FREE without a matching ALLOC").isEmpty();
        assertThat(ledger.allocs).isPositive();
        for (Mempool.MempoolStats ps : r.pools()) {
            assertThat(ledger.inUse(ps.pool())).as(ps.pool()).isEqualTo(ps.inUseAtEnd());
            assertThat(ledger.maxReserveAfterFree.getOrDefault(ps.pool(), 0L)).as(ps.pool())
                    .isLessThanOrEqualTo(ps.minNr());
        }
        if (r.outcome() == Outcome.FINE) {
            assertThat(ledger.frees).isEqualTo(ledger.allocs);
            for (Map.Entry<String, Map<Long, Integer>> e : ledger.held.entrySet()) {
                assertThat(e.getValue()).as(e.getKey() + " elements never freed").isEmpty();
            }
        }
    }
}
