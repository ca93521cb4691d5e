package dev.dmreplay.replay.dm;

import static dev.dmreplay.replay.TestStacks.dm;
import static dev.dmreplay.replay.TestStacks.leaf;
import static dev.dmreplay.replay.TestStacks.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.TestStacks;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SuspendResume;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import dev.dmreplay.replay.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DmCoreTest {
    private static final long MS = 1_000_000;

    private record Run(RunResult result, List<Observation> obs) {
        List<Observation> of(ObservationKind k) {
            return obs.stream().filter(o -> o.kind() == k).toList();
        }
    }

    private static Run run(StackSpec spec, Strategy s, List<BioRequest> reqs, List<SuspendResume> suspends) {
        Machine m = new Machine(spec, s.knobs, MemoryPressure.none(), 1);
        List<Observation> obs = new ArrayList<>();
        m.kernel.addListener(obs::add);
        Workload w = SuspendResume.around(new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("T1", reqs)),
                ReplayMode.timed()), suspends);
        return new Run(ReplayRun.run(m, w, ReplayRun.Options.defaults()), obs);
    }

    private static StackSpec linearOnDisk() {
        return TestStacks.stack(List.of(leaf("sda", "8:0", MS)), dm("X", line(0, 4096, "linear", "/dev/sda", "100")));
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BARE", "OFFL", "DF", "MDSP"})
    void flushWithDataSendsAnEmptyFlushFirstThenKdmflushMapsTheData(Strategy s) {
        Run r = run(linearOnDisk(), s, List.of(new BioRequest(0, "X", Op.WRITE, Bio.PREFLUSH, 8, 8)), List.of());
        assertThat(r.result().completed()).isEqualTo(1);
        List<Observation> d = r.of(ObservationKind.DISPATCH);
        assertThat(d).hasSize(2);
        assertThat(d.get(0).sectors()).isZero();                  // the empty flush
        assertThat(d.get(1).sector()).isEqualTo(108);              // the data, remapped by linear
        assertThat(d.get(1).time()).isEqualTo(MS);                 // only after the flush completed
        List<Observation> remaps = r.of(ObservationKind.REMAP);
        assertThat(remaps.get(remaps.size() - 1).task()).isEqualTo("kdmflush/X");
    }

    @Test
    void suspendWaitsForInFlightIoDefersNewBiosAndResumeReplaysThem() {
        Run r = run(linearOnDisk(), Strategy.DF, List.of(new BioRequest(0, "X", Op.WRITE, 0, 0, 8),
                new BioRequest(2 * MS, "X", Op.WRITE, 0, 8, 8)), List.of(new SuspendResume("X", MS / 2, 5 * MS)));
        assertThat(r.result().completed()).isEqualTo(2);
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        List<Observation> done = r.of(ObservationKind.COMPLETE).stream().filter(o -> "top".equals(o.detail())).toList();
        // first bio: 1 ms; suspend completes at 1 ms, resumes at 6 ms; second bio waits in md->deferred
        assertThat(done.get(0).value()).isEqualTo(MS);
        assertThat(done.get(1).time()).isEqualTo(7 * MS);
        assertThat(r.result().devices().get(0).deferredHighWater()).isEqualTo(1);
    }

    @Test
    void errorTargetFailsAndZeroTargetNeverReachesADisk() {
        StackSpec spec = TestStacks.stack(List.of(leaf("sda", "8:0", MS)),
                dm("X", line(0, 64, "error"), line(64, 64, "zero"), line(128, 64, "linear", "/dev/sda", "0")));
        Run r = run(spec, Strategy.DF, List.of(new BioRequest(0, "X", Op.READ, 0, 0, 8),
                new BioRequest(0, "X", Op.READ, 0, 64, 8), new BioRequest(0, "X", Op.WRITE, 0, 72, 8)), List.of());
        assertThat(r.result().completed()).isEqualTo(3);
        assertThat(r.result().errors()).isEqualTo(1);
        assertThat(r.of(ObservationKind.DISPATCH)).isEmpty();
    }

    @Test
    void delayTargetHoldsBiosOnItsListAndKdelaydResubmitsThem() {
        StackSpec spec = TestStacks.stack(List.of(leaf("sda", "8:0", MS)),
                dm("X", line(0, 4096, "delay", "/dev/sda", "0", "0", "/dev/sda", "0", "50")));
        Run r = run(spec, Strategy.DF, List.of(new BioRequest(0, "X", Op.READ, 0, 0, 8),
                new BioRequest(0, "X", Op.WRITE, 0, 8, 8)), List.of());
        List<Observation> d = r.of(ObservationKind.DISPATCH);
        assertThat(d).hasSize(2);
        assertThat(d.get(0).time()).isZero();              // reads: no delay
        assertThat(d.get(1).time()).isEqualTo(50 * MS);     // writes: 50 ms on the delayed list
        assertThat(r.result().maxLatencyNs()).isEqualTo(51 * MS);
    }

    @Test
    void g2MapsOnePiecePerCallAndChainsRemaindersWhileG0MapsAllPiecesInOneCall() {
        StackSpec spec = TestStacks.stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS)),
                dm("X", line(0, 4096, "striped", "2", "8", "/dev/sda", "0", "/dev/sdb", "0")));
        for (Strategy s : List.of(Strategy.BARE, Strategy.DF, Strategy.MDSP)) {
            Run r = run(spec, s, List.of(new BioRequest(0, "X", Op.WRITE, 0, 0, 32)), List.of());
            assertThat(r.result().completed()).isEqualTo(1);
            assertThat(r.of(ObservationKind.DISPATCH)).hasSize(4);
            long remainderSplits = r.of(ObservationKind.SPLIT).stream()
                    .filter(o -> o.detail() != null && (o.detail().startsWith("remainder") || o.detail().endsWith("head")))
                    .count();
            assertThat(remainderSplits).as(s.name()).isEqualTo(s == Strategy.BARE ? 0 : 3);
        }
    }
}
