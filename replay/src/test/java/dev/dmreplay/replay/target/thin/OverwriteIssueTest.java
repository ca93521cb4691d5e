package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.Observation;
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

    /** What a whole-block overwrite of thin0 did when the traced kernel's worker issued it {@code remapAt} late. */
    record Held(List<Long> dataWrites, List<Observation> remaps, ThinPool pool) {
    }

    /**
     * A whole-block overwrite of thin0 (128 sectors) whose traced kernel's worker issued it {@code remapAt} after
     * its {@code Q}: when its data write went down to the data disk, thin0's remap records, the pool.
     */
    static Held heldOverwrite(long remapAt) {
        Scenario s = ThinTestStack.scenario("thin-overwrite", ThinTestStack.POOL_AND_THIN0, """
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 128, sectors: 128, at: 0}
                """);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=WARM");
        ThinPool pool = ThinTestStack.pool(m);
        pool.workerRuns(WorkerRunSchedule.of(new long[] {0}, Map.of(), Map.of(),
                Map.of(WorkerRunSchedule.remapKey("thin0", true), Map.of(128L, new long[] {0, remapAt})), 4 * MS));
        List<Long> dataWrites = new ArrayList<>();
        List<Observation> remaps = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.DISPATCH && "sdd".equals(o.device()) && o.sectors() == 128) {
                dataWrites.add(o.time());
            }
            if (o.kind() == ObservationKind.REMAP && "thin0".equals(o.device())) {
                remaps.add(o);
            }
        });
        ThinTestStack.runToCompletion(m, s);
        return new Held(dataWrites, remaps, pool);
    }

    /** The times of {@link #heldOverwrite}'s data write; the pool in {@code poolOut[0]}. */
    static List<Long> dataWriteTimes(long remapAt, ThinPool[] poolOut) {
        Held h = heldOverwrite(remapAt);
        poolOut[0] = h.pool();
        return h.dataWrites();
    }

    @Test
    void aWholeBlockOverwriteGoesDownWhenTheKernelsWorkerIssuedIt() {
        ThinPool[] pool = new ThinPool[1];
        List<Long> dataWrites = dataWriteTimes(3 * MS, pool);

        assertThat(pool[0].stats().overwrites).isEqualTo(1);
        assertThat(pool[0].stats().zeroWrites).isZero();
        assertThat(dataWrites).hasSize(1);
        assertThat(dataWrites.get(0)).as("held until the kernel's worker issued it").isGreaterThanOrEqualTo(3 * MS);
    }
}
