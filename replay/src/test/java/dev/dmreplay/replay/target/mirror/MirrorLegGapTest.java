package dev.dmreplay.replay.target.mirror;

import static dev.dmreplay.replay.TestStacks.dm;
import static dev.dmreplay.replay.TestStacks.leaf;
import static dev.dmreplay.replay.TestStacks.line;
import static dev.dmreplay.replay.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * kmirrord's dm-io goes from one leg to the next in turn ({@code dispatch_io} → {@code do_region}, dm-io.c v6.1); on
 * the traced machine it queued an empty flush's copy on the second leg 100-360 us after the first. A trace replay
 * learns those gaps ({@code MirrorWorkerRuns#legGaps}) and draws one per flush; a write's copies go at once.
 */
class MirrorLegGapTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    /** Dispatch times per leg ("sda"/"sdb") and size class ("flush"/"write"). */
    private static List<String> dispatches(long[] gaps) {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS)),
                dm("M", line(0, 8192, "mirror", "core", "2", "1024", "nosync", "2", "8:0", "0", "8:16", "0")));
        Machine m = new Machine(spec, Strategy.MODERN.knobs, MemoryPressure.parse("none"), 1);
        ((MirrorTarget) ((MappedDevice) m.device("M")).table().targets().get(0)).legGaps(gaps, new SplittableRandom(1));
        List<String> out = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.DISPATCH) {
                out.add(o.device() + " " + (o.sectors() == 0 ? "flush" : "write") + " @" + o.time() / US + "us");
            }
        });
        ReplayRun.run(m, new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("T1", List.of(
                new BioRequest(MS, "M", Op.WRITE, Bio.PREFLUSH, 0, 0),
                new BioRequest(10 * MS, "M", Op.WRITE, 0, 64, 8)))), ReplayMode.timed()), ReplayRun.Options.defaults());
        return out;
    }

    @Test
    void aFlushsSecondLegCopyGoesTheLearntGapAfterTheFirst() {
        List<String> withGap = dispatches(new long[] {240 * US});
        List<String> without = dispatches(new long[0]);
        assertThat(without).containsExactly("sda flush @1000us", "sdb flush @1000us", "sda write @10000us",
                "sdb write @10000us");
        assertThat(withGap).containsExactly("sda flush @1000us", "sdb flush @1240us", "sda write @10000us",
                "sdb write @10000us");
    }
}
