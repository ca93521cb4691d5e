package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@code dmreplay fidelity} takes from the model for writes to a snapshot, as a v6.1 kernel's trace shows them
 * (drivers/md/dm-snap.c v6.1). A write covering a whole chunk with no exception yet goes to the COW device through
 * {@code start_full_bio}, and a write held on a pending exception through {@code flush_bios} once the copy is
 * committed: both call {@code submit_bio_noacct}, not {@code dm_submit_bio_remap}, so the trace has no {@code A}
 * for them on the COW device, only a {@code Q}, which the kernel side counts as the snapshot's own I/O and ties to
 * no top-level bio. The model side must do the same whether or not DM split the bio: a split used to tie the
 * first piece to its bio (through its DM piece SPLIT) while the last one, cloned whole, stayed untied.
 */
class SnapshotFullChunkWriteFidelityTest {
    private static final String STACK = """
            id: full-chunk
            stack:
              leaves:
                - {name: sda, devno: "8:0", latency: 1ms}
                - {name: sdb, devno: "8:16", latency: 1ms}
              table: |
                cow: 0 65536 linear 8:16 0
                snap: 0 1048576 snapshot 8:0 /dev/mapper/cow P 8
            workload:
              mode: timed
              tasks:
                - name: W
                  bios:
                    - {device: snap, op: write, sector: 64, sectors: 16, at: 0}
                    - {device: snap, op: write, sector: 200, sectors: 4, at: 0}
            pressure: none
            """;

    @Test
    void aSnapshotWriteTheTargetSubmitsItselfIsTheSnapshotsOwnIoOnTheCowDeviceAsInTheKernelTrace() {
        ModelSide model = modelSide(STACK);
        TopBio whole = top(model, 64);
        TopBio partial = top(model, 200);
        // chunks 8 and 9, each written whole: DM cut the bio at the chunk, and each piece went to the COW device
        // by start_full_bio (no copy), untraced as a remap; the 4-sector write waited for the copy of chunk 25 and
        // was resubmitted by flush_bios, untraced too
        assertThat(whole.lower).as("lower bios of the whole-chunk write").isEmpty();
        assertThat(partial.lower).as("lower bios of the held write").isEmpty();
        // on the COW device, as Qs without A: the two whole-chunk writes, the copy's write, the held write
        assertThat(model.workerIo.get("cow"))
                .containsEntry("snapshot-cow copy or zeroing write", 4L)
                .containsKey("snapshot-cow metadata commit");
    }

    /** Runs the scenario under MODERN (v6.1) and returns what fidelity's model side collected from it. */
    private static ModelSide modelSide(String scenario) {
        return modelSide(scenario, "snap", "snapshot", "linear", 2);
    }

    /**
     * Runs the scenario under MODERN (v6.1) with {@code top} (of target type {@code topType}, every other device of
     * {@code lowerType}) as the top device; {@code completed} bios must complete.
     */
    static ModelSide modelSide(String scenario, String top, String topType, String lowerType, int completed) {
        Scenario s = ScenarioLoader.parse("test", scenario);
        Machine m = new Machine(s.stack(), Strategy.MODERN.knobs, s.pressure(), 1);
        ModelSide model = new ModelSide(Set.of(top), dev -> top.equals(dev) ? topType : lowerType,
                WorkerIoClasses.of(m), HeldOriginWrites.of(m));
        m.kernel.addListener(model);
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()), ReplayRun.Options.defaults());
        assertThat(r.completed()).isEqualTo(completed);
        return model;
    }

    /**
     * An origin write held for its chunk's copy and released by {@code retry_origin_bios} (dm-snap.c v6.1) leaves a
     * Q without A on the origin's device in the kernel's trace, which the kernel side ties back to the write by its
     * sector there; the model's released write is seen at the next remap below, which on a thin volume carries the
     * pool's block, not the sector. It must still be tied to its write, at the sector it had on the origin device.
     */
    @Test
    void anOriginWriteHeldForItsCopyOverAThinVolumeIsTiedBackToItsWrite() {
        String stack = """
                id: snap-of-thin
                stack:
                  leaves:
                    - {name: sda, devno: "8:0", latency: 1ms}
                    - {name: sdb, devno: "8:16", latency: 1ms}
                    - {name: sdc, devno: "8:32", latency: 1ms}
                  table: |
                    pool: 0 65536 thin-pool 8:16 8:0 128 0 0
                    thin0: 0 65536 thin /dev/mapper/pool 0
                    cow: 0 65536 linear 8:32 0
                    snap: 0 65536 snapshot /dev/mapper/thin0 /dev/mapper/cow P 8
                    org: 0 65536 snapshot-origin /dev/mapper/thin0
                workload:
                  mode: timed
                  tasks:
                    - name: W
                      bios:
                        - {device: org, op: write, sector: 1000, sectors: 4, at: 0}
                pressure: none
                """;
        ModelSide model = modelSide(stack, "org", "snapshot-origin", "thin", 1);
        TopBio write = top(model, 1000);
        assertThat(write.lower).as("the released write, on the origin's device at its own sector")
                .anySatisfy(l -> {
                    assertThat(l.device()).isEqualTo("thin0");
                    assertThat(l.sector()).isEqualTo(1000);
                    assertThat(l.target()).isEqualTo(HeldOriginWrites.TARGET);
                });
    }

    private static TopBio top(ModelSide model, long sector) {
        return model.tops.values().stream().filter(t -> t.sector == sector).findFirst().orElseThrow();
    }

    @Test
    void aRemappedSnapshotWriteStaysTiedToItsBio() {
        // a later write of chunk 8, once the chunk has its exception: snapshot_map remaps it (DM_MAPIO_REMAPPED,
        // traced by __map_bio), so both sides tie the COW bio and the disk bio below it to the write; the first
        // write's two whole-chunk pieces stay the snapshot's own I/O
        ModelSide model = modelSide(STACK.replace(
                "- {device: snap, op: write, sector: 200, sectors: 4, at: 0}",
                "- {device: snap, op: write, sector: 64, sectors: 8, at: 50ms}"));
        TopBio again = model.tops.values().stream().filter(t -> t.sector == 64 && t.sectors == 8).findFirst()
                .orElseThrow();
        assertThat(again.lower).extracting(LowerBio::device).containsExactlyInAnyOrder("cow", "sdb");
        assertThat(model.workerIo.get("cow")).containsEntry("snapshot-cow copy or zeroing write", 2L);
    }
}
