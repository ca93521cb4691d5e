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
 * Provisioning on a pool with {@code skip_block_zeroing} (dm-thin.c v6.1): {@code provision_block} →
 * {@code schedule_zero} calls {@code process_prepared_mapping} itself, so the worker inserts the mapping and issues
 * the bio in the pass that allocated the block, before it goes on to the next cell; it does not leave the mapping
 * for {@code process_prepared} at its next run.
 */
class UnzeroedProvisioningTest {

    @Test
    void aNewBlockIsMappedAndItsWriteIssuedBeforeTheWorkerGoesOnToTheNextCell() {
        // the write to virtual block 2 warms btree leaf 0 (data block 0); at 2 ms a write to virtual block 260
        // sends the worker to read the cold leaf 1 (data block 1), and the writes to virtual blocks 0 (leaf 0,
        // cached) and 510 (leaf 2, cold) are deferred meanwhile: the next run takes them sorted, provisions block 0
        // onto data block 2 and then reads leaf 2 for block 510
        Scenario s = ThinTestStack.scenario("thin-unzeroed", """
                pool: 0 8192 thin-pool 8:0 8:16 128 0 1 skip_block_zeroing
                thin0: 0 65536 thin /dev/mapper/pool 0
                """, """
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 256, sectors: 8, at: 0}
                    - {device: thin0, op: write, sector: 33280, sectors: 8, at: 2ms}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 8, sectors: 8, at: 2020us}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 65288, sectors: 8, at: 2040us}
                """);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=COLD");
        List<Observation> dispatched = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.DISPATCH && o.time() > 2_000_000) {
                dispatched.add(o);
            }
        });
        ThinTestStack.runToCompletion(m, s);
        ThinPool p = ThinTestStack.pool(m);
        assertThat(p.stats().zeroWrites).isZero();
        assertThat(p.meta.lookup(0, 0).dataBlock()).as("sorted: block 0 first").isEqualTo(2);
        assertThat(p.meta.lookup(0, 510).dataBlock()).isEqualTo(3);
        // the model's worker spends no CPU time here: both go down at 2.1 ms (when leaf 1 came in), so the order of
        // dispatch tells them apart; left for process_prepared at the end of the run, the write followed the
        // read and went down only when leaf 2 had come in
        int write = firstIndex(dispatched, "sdd", 2 * 128 + 8);
        int leafRead = firstIndex(dispatched, "sdm", -1);
        assertThat(write)
                .as("the write to the new block goes down in its pass, before the worker reads the next cell's leaf")
                .isLessThan(leafRead);
        assertThat(dispatched.get(write).time()).isLessThanOrEqualTo(dispatched.get(leafRead).time());
    }

    /** The index of the first dispatch on {@code device} at {@code sector} (a read at any sector: -1). */
    private static int firstIndex(List<Observation> obs, String device, long sector) {
        for (int i = 0; i < obs.size(); i++) {
            Observation o = obs.get(i);
            if (o.device().equals(device) && (sector < 0 ? o.rwbs().startsWith("R") : o.sector() == sector)) {
                return i;
            }
        }
        throw new AssertionError("no dispatch on " + device + " at " + sector);
    }
}
