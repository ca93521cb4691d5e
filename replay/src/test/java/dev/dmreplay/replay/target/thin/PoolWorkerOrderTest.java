package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.stack.Machine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order in which the pool worker provisions blocks (dm-thin.c v6.1): cells deferred while the worker is busy
 * are processed in the next run sorted by sector ({@code sort_cells}), so their data blocks follow the thin
 * device's sector order, not the order the bios were queued in; and the data space map's allocation cursor
 * survives a commit ({@code sm_disk_commit} no longer resets it since v5.14).
 */
class PoolWorkerOrderTest {

    private static ThinPool run(String bios) {
        return run(bios, o -> { });
    }

    private static ThinPool run(String bios, java.util.function.Consumer<Observation> listener) {
        Scenario s = ThinTestStack.scenario("thin-order", ThinTestStack.POOL_AND_THIN0, bios);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=COLD");
        m.kernel.addListener(listener::accept);
        ThinTestStack.runToCompletion(m, s);
        return ThinTestStack.pool(m);
    }

    private static long dataBlock(ThinPool p, long vblock) {
        return p.meta.lookup(0, vblock).dataBlock();
    }

    @Test
    void cellsDeferredWhileTheWorkerReadsMetadataAreProvisionedInSectorOrder() {
        // block 0's cell sends the worker to read the cold btree leaf; the writes to virtual blocks 5, 3 and 1
        // (three tasks, queued in that order) are deferred meanwhile and wait for the worker's next run
        ThinPool p = run("""
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 8, sectors: 8, at: 0}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 648, sectors: 8, at: 20us}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 392, sectors: 8, at: 40us}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 136, sectors: 8, at: 60us}
                """);
        assertThat(dataBlock(p, 0)).isZero();
        assertThat(List.of(dataBlock(p, 1), dataBlock(p, 3), dataBlock(p, 5)))
                .as("allocated in the sorted order of the batch, not in queue order (5, 3, 1)")
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void discardsDeferredWhileTheWorkerReadsMetadataArePassedDownInSectorOrder() {
        // whole-block writes map virtual blocks 0-3 to data blocks 0-3; at 5 ms a write to a block in another
        // (cold) btree leaf sends the worker to the metadata device, and the discards of virtual blocks 3 and 1,
        // queued in that order meanwhile, wait for its next run
        List<Long> passdown = new java.util.ArrayList<>();
        run("""
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 0, sectors: 128, at: 0}
                    - {device: thin0, op: write, sector: 128, sectors: 128, at: 1ms}
                    - {device: thin0, op: write, sector: 256, sectors: 128, at: 2ms}
                    - {device: thin0, op: write, sector: 384, sectors: 128, at: 3ms}
                    - {device: thin0, op: write, sector: 38400, sectors: 128, at: 5ms}
                - count: 1
                  bios:
                    - {device: thin0, op: discard, sector: 384, sectors: 128, at: 5020us}
                - count: 1
                  bios:
                    - {device: thin0, op: discard, sector: 128, sectors: 128, at: 5040us}
                """, o -> {
                    if (o.kind() == ObservationKind.DISPATCH && o.device().equals("sdd") && o.time() > 5_000_000
                            && o.sectors() == 128 && o.sector() != 512) {
                        passdown.add(o.sector());
                    }
                });
        assertThat(passdown).as("data blocks 1 then 3: the deferred discards sorted by sector, not queue order")
                .containsExactly(128L, 384L);
    }

    @Test
    void theAllocationCursorSurvivesACommitAndWrapsAround() {
        ThinMetadata meta = new ThinMetadata(4, 1024, true);
        meta.createThin(0);
        long a = meta.allocDataBlock();
        long b = meta.allocDataBlock();
        meta.insert(0, 0, a);
        meta.insert(0, 1, b);
        meta.remove(0, 0);
        meta.decData(a);
        meta.committed();
        // block 0 is free in both space maps now; 6.1 goes on after the last allocation and wraps around
        assertThat(meta.allocDataBlock()).isEqualTo(2);
        assertThat(meta.allocDataBlock()).isEqualTo(3);
        assertThat(meta.allocDataBlock()).isZero();
        assertThat(meta.allocDataBlock()).isEqualTo(-1);
    }
}
