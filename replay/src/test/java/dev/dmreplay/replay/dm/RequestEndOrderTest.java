package dev.dmreplay.replay.dm;

import static dev.dmreplay.replay.TestStacks.dm;
import static dev.dmreplay.replay.TestStacks.leaf;
import static dev.dmreplay.replay.TestStacks.line;
import static dev.dmreplay.replay.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.observe.BioRole;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
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
 * The bios of one request end one after the other in its completion context ({@code blk_update_request}, block/
 * blk-mq.c v6.1, each through dm's completion path to the original bio's end): four page writes merged into one
 * request on the disk end 15 us after it (the first), then 4 us apart. Without the trace's gap between consecutive
 * completions every one of them ended 15 us after the request.
 */
class RequestEndOrderTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private static ServiceModel constant(long ns) {
        return new ServiceModel() {
            @Override
            public long serviceNanos(dev.dmreplay.replay.block.Bio bio, SplittableRandom random) {
                return ns;
            }

            @Override
            public int queueDepth() {
                return 1;
            }
        };
    }

    private static List<Long> topCompletions(ServiceModel next) {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS)), dm("lin", line(0, 4096, "linear", "8:0", "0")));
        Machine m = new Machine(spec, Strategy.MODERN.knobs, MemoryPressure.parse("none"), 1);
        m.layer.plugging(true);
        ((MappedDevice) m.device("lin")).layerCpu(new LayerCpu(null, constant(15 * US), next, new SplittableRandom(1)));
        List<Long> done = new ArrayList<>();
        List<Long> disk = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.COMPLETE && o.role() == BioRole.TOP_LEVEL) {
                done.add(o.time());
            }
            if (o.kind() == ObservationKind.COMPLETE && o.role() == BioRole.LEAF) {
                disk.add(o.time());
            }
        });
        List<BioRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // a writeback's pages queued under one plug (TracedPlugs)
            reqs.add(new BioRequest(MS + i * 5 * US, "lin", Op.WRITE, 0, i * 8L, 8, i < 3));
        }
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("wb", reqs)),
                ReplayMode.timed()), ReplayRun.Options.defaults());
        assertThat(r.completed()).isEqualTo(4);
        assertThat(disk).hasSize(4).containsOnly(disk.get(0));
        List<Long> after = new ArrayList<>();
        for (long t : done) {
            after.add(t - disk.get(0));
        }
        return after;
    }

    @Test
    void theBiosOfOneRequestEndOneAfterTheOther() {
        assertThat(topCompletions(constant(4 * US))).containsExactly(15 * US, 19 * US, 23 * US, 27 * US);
        assertThat(topCompletions(null)).containsExactly(15 * US, 15 * US, 15 * US, 15 * US);
    }
}
