package dev.dmreplay.replay.workload;

import static dev.dmreplay.replay.TestStacks.dm;
import static dev.dmreplay.replay.TestStacks.leaf;
import static dev.dmreplay.replay.TestStacks.line;
import static dev.dmreplay.replay.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code read_pages()} (mm/readahead.c v6.1) submits readahead under the task's plug, so the pieces a striped
 * target cuts a readahead bio into merge per disk before they are dispatched: on a 6.1 trace of buffered reads over
 * a 2-way stripe of 64 KiB chunks, each 512 KiB readahead was one 512-sector request per disk (four chunk pieces
 * merged), where the model, plugging only writes, dispatched every piece alone. A read without {@code REQ_RAHEAD}
 * (direct I/O of one bio) is not plugged.
 */
class ReadaheadPlugTest {
    private static final long MS = 1_000_000L;

    private static List<Observation> dispatches(int flags) {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS)),
                dm("str", line(0, 65536, "striped", new String[] {"2", "128", "8:0", "0", "8:16", "0"})));
        Machine m = new Machine(spec, Strategy.MODERN.knobs, MemoryPressure.parse("none"), 1);
        m.layer.plugging(true);
        List<Observation> d = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.DISPATCH) {
                d.add(o);
            }
        });
        List<BioRequest> reqs = List.of(new BioRequest(MS, "str", Op.READ, flags, 2048, 1024, false));
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("fio", reqs)),
                ReplayMode.timed()), ReplayRun.Options.defaults());
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.completed()).isEqualTo(1);
        return d;
    }

    @Test
    void aReadaheadsPiecesMergeOnEachDisk() {
        List<Observation> d = dispatches(Bio.RAHEAD);
        assertThat(d).extracting(o -> o.device() + " " + o.sector() + "+" + o.sectors())
                .containsExactlyInAnyOrder("sda 1024+512", "sdb 1024+512");
    }

    @Test
    void aDirectReadIsNotPlugged() {
        assertThat(dispatches(0)).hasSize(8);
    }
}
