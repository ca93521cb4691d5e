package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.stack.Machine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flush that reaches the pool worker while a first write's block is still being zeroed. Allocating the block
 * changed the space map but no mapping yet ({@code td->changed} is set only when {@code process_prepared_mapping}
 * inserts it, dm-thin-metadata.c v6.1), so {@code bio_triggers_commit} is false and {@code issue()} sends the flush
 * on to the pool at once, with its remap record; a model that counted the allocation as a change committed first and
 * ended the flush as redundant, with no remap (three flushes of a 6.1 trace with two writers, fio's fsyncs).
 */
class FlushWhileProvisioningTest {

    @Test
    void aFlushDuringZeroingIsRemappedWithoutACommit() {
        for (String at : List.of("0", "20us", "50us")) {
            Scenario s = ThinTestStack.scenario("thin-flush-zeroing", ThinTestStack.POOL_AND_THIN0, """
                    - count: 1
                      bios:
                        - {device: thin0, op: write, sector: 648, sectors: 8, at: 0}
                    - count: 1
                      bios:
                        - {device: thin0, op: write, sector: 0, sectors: 0, flags: [preflush, sync], at: %s}
                    """.formatted(at));
            Machine m = ThinTestStack.machine(s);
            List<Observation> flushRemaps = new ArrayList<>();
            List<Long> metadataWrites = new ArrayList<>();
            List<Long> writeRemaps = new ArrayList<>();
            m.kernel.addListener(o -> {
                if (o.kind() == ObservationKind.REMAP && o.device().equals("thin0") && o.sectors() == 0) {
                    flushRemaps.add(o);
                } else if (o.kind() == ObservationKind.REMAP && o.device().equals("thin0")) {
                    writeRemaps.add(o.time());
                }
                if (o.kind() == ObservationKind.DISPATCH && o.device().equals("sdm") && o.sectors() > 0) {
                    metadataWrites.add(o.time());
                }
            });
            ThinTestStack.runToCompletion(m, s);
            assertThat(flushRemaps).as("flush at %s", at).hasSize(1);
            assertThat(flushRemaps.get(0).resource()).isEqualTo("pool");
            assertThat(writeRemaps).as("the write went down after its zeroing").hasSize(1);
            assertThat(flushRemaps.get(0).time()).as("flush at %s: before the write's mapping was inserted", at)
                    .isLessThan(writeRemaps.get(0));
            assertThat(metadataWrites).as("flush at %s: no commit before the flush went down", at)
                    .allMatch(t -> t > flushRemaps.get(0).time());
        }
    }
}
