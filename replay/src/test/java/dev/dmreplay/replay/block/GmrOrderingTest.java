package dev.dmreplay.replay.block;

import static dev.dmreplay.replay.TestStacks.dm;
import static dev.dmreplay.replay.TestStacks.leaf;
import static dev.dmreplay.replay.TestStacks.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.TestStacks;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked ordering example of docs/kernel-model.md §2.4: A (DM, 2 targets) → B (DM linear) → C (leaf), one bio
 * spanning both A targets.
 */
class GmrOrderingTest {

    private static List<String> trace(Strategy s) {
        Machine m = new Machine(TestStacks.stack(List.of(leaf("C", "8:0", 1_000_000)),
                dm("B", line(0, 4096, "linear", "/dev/C", "0")),
                dm("A", line(0, 8, "linear", "/dev/mapper/B", "0"), line(8, 8, "linear", "/dev/mapper/B", "1000"))),
                s.knobs, MemoryPressure.none(), 1);
        List<String> events = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.REMAP) {
                events.add("map " + o.device() + "->" + o.resource() + "@" + o.sector());
            } else if (o.kind() == ObservationKind.DISPATCH) {
                events.add("dispatch " + o.device() + "@" + o.sector());
            }
        });
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("T1",
                List.of(new BioRequest(0, "A", Op.WRITE, 0, 0, 16)))), ReplayMode.timed()), ReplayRun.Options.defaults());
        assertThat(r.completed()).isEqualTo(1);
        return events;
    }

    @Test
    void v1FifoWithAllPiecesInOneCallMapsTheSecondPieceBeforeTheFirstReachesTheDisk() {
        assertThat(trace(Strategy.BARE)).containsExactly(
                "map A->B@0", "map A->B@1000",      // A's one call emits a1 and a2
                "map B->C@0", "map B->C@1000",      // both processed by B before either reaches C
                "dispatch C@0", "dispatch C@1000");
    }

    @Test
    void v2DepthFirstDispatchesTheFirstPieceBeforeMappingTheRemainder() {
        assertThat(trace(Strategy.DF)).containsExactly(
                "map A->B@0", "map B->C@0", "dispatch C@0",
                "map A->B@1000", "map B->C@1000", "dispatch C@1000");
    }

    @Test
    void g1WithV2OrderingStillMapsBothPiecesInOneCall() {
        // OFFL: one call maps a1 and a2 (G1), but the lower-first rebuild sends b1 to C before a2 reaches B
        assertThat(trace(Strategy.OFFL)).containsExactly(
                "map A->B@0", "map A->B@1000", "map B->C@0", "dispatch C@0", "map B->C@1000", "dispatch C@1000");
    }
}
