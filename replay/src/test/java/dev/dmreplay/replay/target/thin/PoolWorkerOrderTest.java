package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
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
        String yaml = """
                id: thin-order
                stack:
                  leaves:
                    - {name: sdm, devno: "8:0", latency: 100us}
                    - {name: sdd, devno: "8:16", latency: 100us}
                  table: |
                    pool: 0 8192 thin-pool 8:0 8:16 128 0 0
                    thin0: 0 65536 thin /dev/mapper/pool 0
                workload:
                  mode: timed
                  tasks:
                %s
                """.formatted(bios.indent(4));
        Scenario s = ScenarioLoader.parse("thin-order.yaml", yaml);
        Machine m = new Machine(s.stack(), Strategy.MODERN.knobs.withAll(List.of("thinMetadataCache=COLD")),
                s.pressure(), 1);
        m.kernel.addListener(listener::accept);
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()),
                new ReplayRun.Options(1_000_000_000L, 120_000_000_000L));
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.completed()).isEqualTo(r.submitted());
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md && md.table().targets().get(0) instanceof ThinPoolTarget pt) {
                return pt.pool();
            }
        }
        throw new AssertionError("no pool");
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
