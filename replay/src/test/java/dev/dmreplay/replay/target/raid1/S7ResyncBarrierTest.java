package dev.dmreplay.replay.target.raid1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.observe.ObservationKind;
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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * S7 (the raid1 resync barrier, d6b42dcb995e) under every strategy, with and without the md fix and with the
 * v4.12+ per-bucket barrier, over several seeds and CPU-per-map costs (which move the instant the resync thread
 * gets to raise its barrier relative to T1's two requests). The outcomes are the claims table's row (kernel-model
 * §8.3): without the fix the V1 strategies deadlock on the barrier with the chain through {@code raise_barrier},
 * {@code nr_pending} and the read parked on T1's {@code bio_list}; every V2 strategy, and every strategy with the
 * fix or the per-bucket barrier, completes.
 */
class S7ResyncBarrierTest {
    private static final Scenario S7 = ScenarioLoader.load(Path.of("../traces/scenarios/S7.yaml"));
    private static final long[] SEEDS = {1, 2, 3, 17, 4242};
    private static final String[] CPU = {"500ns", "1us", "2us", "5us"};

    static Stream<Arguments> schedules() {
        List<Arguments> l = new ArrayList<>();
        for (Strategy st : Strategy.CLAIMS) {
            for (long seed : SEEDS) {
                for (String cpu : CPU) {
                    l.add(Arguments.of(st, seed, cpu));
                }
            }
        }
        return l.stream();
    }

    private record Run(RunResult result, long barrierWaits, long resyncWindows, long waitBarrierSleeps) {
    }

    private static Run run(Strategy st, long seed, String cpu, String barrier, boolean fix) {
        Knobs k = st.knobs.withAll(S7.knobOverrides()).with("cpuNsPerMap", cpu).with("raid1Barrier", barrier)
                .with("mdResyncFix", Boolean.toString(fix));
        Machine m = new Machine(S7.stack(), k, MemoryPressure.parse("none"), seed);
        long[] sleeps = new long[1];
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.WAIT_BEGIN && "wait_barrier".equals(o.detail())) {
                sleeps[0]++;
            }
        });
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(S7.tasks(), S7.mode()),
                new ReplayRun.Options(S7.stallThresholdNs(), S7.timeLimitNs()));
        Raid1Conf conf = ((RaidTarget) ((MappedDevice) m.device("R")).table().targets().get(0)).conf();
        Raid1Conf.Raid1Stats s = conf.stats();
        return new Run(r, s.barrierWaits(), s.resyncWindows(), sleeps[0]);
    }

    private static boolean v1(Strategy st) {
        return st == Strategy.BARE || st == Strategy.RESC;
    }

    @ParameterizedTest(name = "{0} seed {1} cpu {2}")
    @MethodSource("schedules")
    void withoutTheFixV1DeadlocksOnTheBarrierAndV2Completes(Strategy st, long seed, String cpu) {
        Run r = run(st, seed, cpu, "GLOBAL", false);
        assertThat(r.waitBarrierSleeps()).as("T1 met the raised barrier").isPositive();
        if (v1(st)) {
            assertThat(r.result().outcome()).isEqualTo(Outcome.DEADLOCK);
            assertThat(r.result().chain())
                    .startsWith("T1 waits in wait_barrier for conf->barrier of R (raised for resync), which waits for "
                            + "R_resync, which waits in raise_barrier for conf->nr_pending of R, which waits for r1bio #")
                    .contains("(READ to sda) parked on bio_list of T1, drained only by T1 (cycle)");
            assertThat(r.result().completed()).isZero();
        } else {
            assertThat(r.result().outcome()).as(r.result().chain()).isEqualTo(Outcome.FINE);
            assertThat(r.result().completed()).isEqualTo(r.result().submitted()).isEqualTo(1);
            assertThat(r.resyncWindows()).as("the whole array resynced").isEqualTo(16384 / 128);
        }
    }

    @ParameterizedTest(name = "{0} seed {1} cpu {2}")
    @MethodSource("schedules")
    void theMdFixLetsTheSecondRequestThrough(Strategy st, long seed, String cpu) {
        Run r = run(st, seed, cpu, "GLOBAL", true);
        assertThat(r.result().outcome()).as(r.result().chain()).isEqualTo(Outcome.FINE);
        assertThat(r.result().completed()).isEqualTo(1);
        assertThat(r.resyncWindows()).isEqualTo(128);
        assertThat(r.waitBarrierSleeps()).as("T1 still met the barrier once").isPositive();
    }

    @ParameterizedTest(name = "{0} seed {1} cpu {2}")
    @MethodSource("schedules")
    void thePerBucketBarrierNeverMakesReadsWait(Strategy st, long seed, String cpu) {
        Run r = run(st, seed, cpu, "BUCKETS", false);
        assertThat(r.result().outcome()).as(r.result().chain()).isEqualTo(Outcome.FINE);
        assertThat(r.result().completed()).isEqualTo(1);
        assertThat(r.barrierWaits()).as("reads pass wait_read_barrier without sleeping").isZero();
        assertThat(r.resyncWindows()).isEqualTo(128);
    }
}
