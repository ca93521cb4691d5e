package dev.dmreplay.replay.target.raid1;

import static dev.dmreplay.replay.TestStacks.dm;
import static dev.dmreplay.replay.TestStacks.leaf;
import static dev.dmreplay.replay.TestStacks.line;
import static dev.dmreplay.replay.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
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
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bitmap-less raid1 whose mirror writes go down from the submitting task ({@link Raid1Conf#submitWritesDirectly},
 * as on the captured 6.1.192 kernels): a writeback's 4 KiB pages queued under one plug reach the legs in that
 * plug and merge there into one request per leg, dispatched when the plug is finished, as q-raid1's fsync did
 * (2032-sector requests of its 4 KiB writes on both legs); through raid1d each write waits for raid1d instead.
 */
class Raid1DirectWritesTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private record Ran(RunResult result, List<Observation> dispatches, boolean direct) {
    }

    private static Ran run(String[] table, boolean direct) {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS), leaf("sdc", "8:32", MS),
                leaf("sdd", "8:48", MS)), dm("R", line(0, 4096, "raid", table)));
        Machine m = new Machine(spec, Strategy.DF.knobs, MemoryPressure.parse("none"), 1);
        m.layer.plugging(true);
        Raid1Conf conf = ((RaidTarget) ((MappedDevice) m.device("R")).table().targets().get(0)).conf();
        conf.submitWritesDirectly(direct);
        List<Observation> d = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.DISPATCH) {
                d.add(o);
            }
        });
        List<BioRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            // the writeback's plug stays open from one page to the next (TracedPlugs)
            reqs.add(new BioRequest(MS + i * 6 * US, "R", Op.WRITE, 0, i * 8L, 8, i < 15));
        }
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("fio", reqs)),
                ReplayMode.timed()), ReplayRun.Options.defaults());
        return new Ran(r, d, conf.submitsWritesDirectly());
    }

    private static final String[] NO_BITMAP = {"raid1", "4", "0", "region_size", "1024", "nosync", "2", "-", "8:0",
            "-", "8:16"};

    @Test
    void mirrorWritesSubmittedByTheWriterMergeInItsPlug() {
        Ran r = run(NO_BITMAP, true);
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.direct()).isTrue();
        for (String leg : List.of("sda", "sdb")) {
            List<Observation> d = r.dispatches().stream().filter(o -> o.device().equals(leg)).toList();
            assertThat(d).as(leg + ": one request of the 16 pages").hasSize(1);
            assertThat(d.get(0).sectors()).isEqualTo(128);
            assertThat(d.get(0).time()).as("when the plug was finished, after the last page")
                    .isGreaterThanOrEqualTo(MS + 15 * 6 * US);
        }
    }

    @Test
    void throughRaid1dTheWritesDoNotWaitForTheWritersPlug() {
        Ran r = run(NO_BITMAP, false);
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.direct()).isFalse();
        assertThat(r.dispatches().stream().filter(o -> o.device().equals("sda")).mapToLong(Observation::sectors)
                .sum()).isEqualTo(128);
        assertThat(r.dispatches().stream().filter(o -> o.device().equals("sda")).findFirst().orElseThrow().time())
                .as("raid1d took the first page before the writer queued the last").isLessThan(MS + 15 * 6 * US);
    }

    @Test
    void anArrayWithABitmapKeepsRaid1d() {
        Ran r = run(new String[] {"raid1", "3", "0", "region_size", "1024", "2", "8:32", "8:0", "8:48", "8:16"},
                true);
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.direct()).as("md_bitmap_startwrite's pages must be written first: raid1d").isFalse();
    }
}
