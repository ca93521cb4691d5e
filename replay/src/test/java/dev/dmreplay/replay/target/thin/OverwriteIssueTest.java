package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.stack.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A write covering a whole new block is the block's data write itself ({@code io_overwrites_block} →
 * {@code remap_and_issue_overwrite}, dm-thin.c v6.1): in a trace replay it goes down when the traced kernel's
 * worker issued it ({@link WorkerRunSchedule#remapAt}), like every other bio the worker remaps, not as soon as the
 * model's worker provisioned it; on the captured kernel the worker got to a pass's overwrites 50-350 us apart.
 */
class OverwriteIssueTest {
    private static final long MS = 1_000_000;

    @Test
    void aWholeBlockOverwriteGoesDownWhenTheKernelsWorkerIssuedIt() {
        Scenario s = ThinTestStack.scenario("thin-overwrite", ThinTestStack.POOL_AND_THIN0, """
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 128, sectors: 128, at: 0}
                """);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=WARM");
        ThinPool pool = ThinTestStack.pool(m);
        pool.workerRuns(WorkerRunSchedule.of(new long[] {0}, Map.of(), Map.of(),
                Map.of(WorkerRunSchedule.remapKey("thin0", true), Map.of(128L, new long[] {0, 3 * MS})), 4 * MS));
        List<Long> dataWrites = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.DISPATCH && "sdd".equals(o.device()) && o.sectors() == 128) {
                dataWrites.add(o.time());
            }
        });
        ThinTestStack.runToCompletion(m, s);

        assertThat(pool.stats().overwrites).isEqualTo(1);
        assertThat(pool.stats().zeroWrites).isZero();
        assertThat(dataWrites).hasSize(1);
        assertThat(dataWrites.get(0)).as("held until the kernel's worker issued it").isGreaterThanOrEqualTo(3 * MS);
    }
}
