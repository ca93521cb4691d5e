package dev.dmreplay.replay.block;

import static dev.dmreplay.replay.TestStacks.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.TestStacks;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PREFLUSH|FUA write on a queue without FUA (blk-flush v6.1: preflush, data, postflush) on a leaf with
 * trace-driven queue-to-dispatch times. The kernel's own Q→D of such a request runs to its data's D, after the
 * preflush completed, so the model must not add a preflush of its own on top; the postflush is not in the data's
 * D→C (blktrace reports the data's C before it) and is added. A request without a recorded Q→D keeps both flushes.
 */
class FlushSequenceTimingTest {
    private static final long MS = 1_000_000L;

    /** Completion time of one PREFLUSH|FUA write of 8 sectors at {@code sector} on a leaf of 1 ms per command. */
    private static long completion(long sector, boolean recordedQ2d) {
        Machine m = new Machine(TestStacks.stack(List.of(leaf("C", "8:0", MS))), Strategy.DF.knobs,
                MemoryPressure.none(), 1);
        LeafDevice c = (LeafDevice) m.deviceOrNull("C");
        c.emulateFua(true);
        TraceServiceModel.Builder q2d = new TraceServiceModel.Builder();
        q2d.add(Op.WRITE, 0, 8, 2 * MS); // the kernel's own Q→D of the write at sector 0, its preflush included
        c.queueToDispatch(q2d.build(1));
        List<Long> completions = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.COMPLETE && "C".equals(o.device())) {
                completions.add(o.time());
            }
        });
        ReplayRun.run(m, new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("T1",
                List.of(new BioRequest(0, "C", Op.WRITE, Bio.PREFLUSH | Bio.FUA, sector, 8)))), ReplayMode.timed()),
                ReplayRun.Options.defaults());
        assertThat(completions).isNotEmpty(); // the leaf's request and the bio itself end at the same instant
        assertThat(completions).containsOnly(completions.get(0));
        return completions.get(0);
    }

    @Test
    void theKernelsOwnQ2dHoldsThePreflushSoOnlyDataAndPostflushFollow() {
        // Q→D 2 ms (own, preflush included) + data 1 ms + postflush 1 ms
        assertThat(completion(0, true)).isEqualTo(4 * MS);
    }

    @Test
    void aDrawnQ2dKeepsTheModelsOwnPreflush() {
        // no record for sector 64: Q→D drawn (the class's only sample, 2 ms) + preflush + data + postflush
        assertThat(completion(64, false)).isEqualTo(5 * MS);
    }
}
