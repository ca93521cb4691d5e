package dev.dmreplay.analyze.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.pressure.RescueActivity;
import dev.dmreplay.replay.block.Bioset;
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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analyses listening live to every scenario of the suite ({@code traces/scenarios}) under every strategy the
 * scenario lists: what they derive from the observation stream must agree with the model's own counters.
 */
class ScenarioSuiteAnalysisTest {

    static Path scenarios() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("traces/scenarios");
    }

    static Stream<Arguments> cells() throws Exception {
        List<Arguments> l = new ArrayList<>();
        for (Scenario s : ScenarioLoader.loadAll(scenarios())) {
            for (Strategy st : s.strategies()) {
                l.add(Arguments.of(s.id(), st.name(), s, st));
            }
        }
        return l.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cells")
    void liveAnalysisAgreesWithTheModel(String id, String strategy, Scenario s, Strategy st) {
        Knobs k = st.knobs.withAll(s.knobOverrides());
        Machine m = new Machine(s.stack(), k, MemoryPressure.parse(s.pressure().toString()), s.seed());
        RunAnalysis a = new RunAnalysis(new RunAnalysis.Options(s.stallThresholdNs(), 100, 1_000_000))
                .freesObserved();
        m.kernel.addListener(a);
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()),
                new ReplayRun.Options(s.stallThresholdNs(), s.timeLimitNs()));
        RunReport rep = a.report(id + "-" + strategy, Map.of("outcome", r.outcome().name()), r.endTimeNs());

        assertThat(rep.latency().submitted()).isEqualTo(r.submitted());
        assertThat(rep.latency().completed()).isEqualTo(r.completed());
        assertThat(rep.latency().errors()).isEqualTo(r.errors());
        assertThat(rep.latency().q2c().max()).isEqualTo(r.maxLatencyNs());
        assertThat(rep.latency().q2c().mean()).isEqualTo(r.meanLatencyNs());

        for (Mempool.MempoolStats ps : r.pools()) {
            PoolReport p = rep.pools().stream().filter(x -> x.pool().equals(ps.pool())).findFirst().orElse(null);
            if (ps.allocations() == 0 && ps.sleeps() == 0 && ps.nonBlockingFailures() == 0) {
                continue;
            }
            assertThat(p).as(ps.pool()).isNotNull();
            assertThat(p.allocations()).as(ps.pool()).isEqualTo(ps.allocations());
            assertThat(p.nonBlockingFailures() + p.nowaitFailures()).as(ps.pool())
                    .isEqualTo(ps.nonBlockingFailures());
            assertThat(p.sleepsBegun()).as(ps.pool()).isEqualTo(ps.sleeps());
            assertThat(p.reserveLowWater()).as(ps.pool()).isEqualTo(ps.reserveLowWater());
            // frees are observed: occupancy is exact, whatever the outcome
            assertThat(p.exactOccupancy()).as(ps.pool()).isTrue();
            assertThat(p.peakInUse()).as(ps.pool()).isEqualTo(ps.peakInUse());
            assertThat(p.inUseAtEnd()).as(ps.pool()).isEqualTo(ps.inUseAtEnd());
            if (r.outcome() == Outcome.FINE) {
                assertThat(p.sleeps().total()).as(ps.pool()).isEqualTo(ps.sleepNanos());
                assertThat(p.inUseAtEnd()).as(ps.pool()).isZero();
            }
        }
        for (Bioset.BiosetStats bs : r.biosets()) {
            long punts = rep.rescue().punts().stream().filter(x -> x.bioset().equals(bs.bioset()))
                    .mapToLong(RescueActivity.PuntReport::punts).sum();
            long bios = rep.rescue().punts().stream().filter(x -> x.bioset().equals(bs.bioset()))
                    .mapToLong(RescueActivity.PuntReport::biosPunted).sum();
            assertThat(punts).as(bs.bioset()).isEqualTo(bs.punts());
            assertThat(bios).as(bs.bioset()).isEqualTo(bs.biosPunted());
        }
        boolean deadlocked = r.outcome() == Outcome.DEADLOCK || r.outcome() == Outcome.MEMORY_DEADLOCK;
        if (deadlocked) {
            assertThat(rep.stalls().deadlocks()).containsExactly(r.chain());
            assertThat(rep.stalls().unfinished()).isNotEmpty();
        } else {
            assertThat(rep.stalls().deadlocks()).isEmpty();
        }
        if (r.stalls() > 0) {
            assertThat(rep.stalls().modelStallCount()).isEqualTo(r.stalls());
        }
        assertThat(rep.outcome()).isEqualTo(r.outcome().name());
    }
}
