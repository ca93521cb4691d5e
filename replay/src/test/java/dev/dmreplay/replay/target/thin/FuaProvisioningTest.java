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
 * A FUA write to a block the thin device has not provisioned (an {@code O_SYNC} first write): {@code issue()}
 * (dm-thin.c v6.1) finds that it triggers a commit ({@code bio_triggers_commit}: a flush op in a transaction that
 * changed the mapping), parks it on {@code deferred_flush_bios}, and {@code process_deferred_bios} submits it with
 * {@code dm_submit_bio_remap} once the metadata is committed: its remap record (blktrace's {@code A} from the thin
 * device to the pool) comes after the commit, and it is the only thing that ties the pool's bio to the thin
 * device's in a trace.
 */
class FuaProvisioningTest {

    @Test
    void aFuaFirstWriteIsRemappedToThePoolAfterTheCommitWithItsRemapRecord() {
        for (String zeroing : List.of("0 0", "0 1 skip_block_zeroing")) {
            Scenario s = ThinTestStack.scenario("thin-fua", """
                    pool: 0 8192 thin-pool 8:0 8:16 128 %s
                    thin0: 0 65536 thin /dev/mapper/pool 0
                    """.formatted(zeroing), """
                    - count: 1
                      bios:
                        - {device: thin0, op: write, sector: 1976, sectors: 8, flags: [fua, sync], at: 0}
                    """);
            Machine m = ThinTestStack.machine(s);
            List<Observation> remaps = new ArrayList<>();
            List<Long> metadataWrites = new ArrayList<>();
            m.kernel.addListener(o -> {
                if (o.kind() == ObservationKind.REMAP && o.device().equals("thin0")) {
                    remaps.add(o);
                }
                if (o.kind() == ObservationKind.DISPATCH && o.device().equals("sdm") && o.sectors() > 0) {
                    metadataWrites.add(o.time());
                }
            });
            ThinTestStack.runToCompletion(m, s);
            assertThat(remaps).as("pool %s", zeroing).hasSize(1);
            Observation r = remaps.get(0);
            assertThat(r.resource()).isEqualTo("pool");
            assertThat(r.sector()).as("data block 0, the bio's offset in its block").isEqualTo(1976 % 128);
            assertThat(r.rwbs()).contains("F");
            assertThat(metadataWrites).as("the commit wrote the metadata").isNotEmpty();
            assertThat(r.time()).as("remapped after the commit's metadata writes went down")
                    .isGreaterThan(metadataWrites.get(0));
        }
    }
}
