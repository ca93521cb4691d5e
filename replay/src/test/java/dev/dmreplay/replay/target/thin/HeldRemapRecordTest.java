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
 * The remap record of a bio the pool worker remapped is made when the bio goes down, as the kernel's {@code A} is
 * ({@code dm_submit_bio_remap}, dm.c v6.1), also when the model holds the bio for the traced kernel's issue of it
 * ({@link TracedIssue}). Made when the worker remapped it, the pool's Q2C of buffered writeback writes came to 150
 * ms at the median against the kernel's 0.22 ms: the hold was counted as time on the pool device.
 */
class HeldRemapRecordTest {
    private static final long MS = 1_000_000;

    @Test
    void aHeldWritesRemapIsRecordedWhenItGoesDown() {
        for (long remapAt : new long[] {3 * MS, 40 * MS}) {
            Scenario s = ThinTestStack.scenario("thin-held-remap", ThinTestStack.POOL_AND_THIN0, """
                    - count: 1
                      bios:
                        - {device: thin0, op: write, sector: 128, sectors: 128, at: 0}
                    """);
            Machine m = ThinTestStack.machine(s, "thinMetadataCache=WARM");
            ThinPool pool = ThinTestStack.pool(m);
            pool.workerRuns(WorkerRunSchedule.of(new long[] {0}, Map.of(), Map.of(),
                    Map.of(WorkerRunSchedule.remapKey("thin0", true), Map.of(128L, new long[] {0, remapAt})),
                    4 * MS));
            List<Observation> remaps = new ArrayList<>();
            List<Long> dataWrites = new ArrayList<>();
            m.kernel.addListener(o -> {
                if (o.kind() == ObservationKind.REMAP && "thin0".equals(o.device())) {
                    remaps.add(o);
                }
                if (o.kind() == ObservationKind.DISPATCH && "sdd".equals(o.device()) && o.sectors() == 128) {
                    dataWrites.add(o.time());
                }
            });
            ThinTestStack.runToCompletion(m, s);
            assertThat(remaps).hasSize(1);
            assertThat(dataWrites).hasSize(1);
            assertThat(remaps.get(0).time()).as("held until %d ns", remapAt).isGreaterThanOrEqualTo(remapAt)
                    .isLessThanOrEqualTo(dataWrites.get(0));
        }
    }
}
