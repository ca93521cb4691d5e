package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Q2C of lower bios on the model's side, which fidelity sets against the kernel's per device: the same bios on
 * both sides. The kernel's trace times a bio on a mapped device in between (its Q after the remap to its C) and
 * never a target's own I/O (a Q without A opens nothing); the model observes completions only at the leaves.
 */
class ModelLowerLatencyTest {
    private static ModelSide run(String table, String top, List<String> bios, int completed) {
        String scenario = """
                id: lower-latency
                stack:
                  leaves:
                    - {name: sda, devno: "8:0", latency: 1ms}
                    - {name: sdb, devno: "8:16", latency: 3ms}
                  table: |
                %s
                workload:
                  mode: timed
                  tasks:
                    - name: T
                      bios:
                %s
                pressure: none
                """.formatted(table.indent(4).stripTrailing(), String.join("\n", bios).indent(8).stripTrailing());
        return SnapshotFullChunkWriteFidelityTest.modelSide(scenario, top, "linear", "linear", completed);
    }

    /** A bio on the stripe in the middle of a stack completes when the last of its two pieces did. */
    @Test
    void aBioOnAMappedDeviceInBetweenCompletesWithItsLastPiece() {
        ModelSide model = run("""
                str: 0 65536 striped 2 8 8:0 0 8:16 0
                lv: 0 32768 linear /dev/mapper/str 0
                """, "lv", List.of("- {device: lv, op: write, sector: 0, sectors: 16, at: 0}"), 1);
        assertThat(model.lowerQ2c.get("str")).hasSize(1);
        assertThat(model.lowerQ2c.get("sda")).hasSize(1);
        assertThat(model.lowerQ2c.get("sdb")).hasSize(1);
        long str = model.lowerQ2c.get("str").get(0);
        assertThat(str).isGreaterThanOrEqualTo(model.lowerQ2c.get("sdb").get(0))
                .isGreaterThanOrEqualTo(3_000_000L);
        TopBio top = model.tops.values().iterator().next();
        assertThat(top.lowerLatency).extracting(TopBio.LowerLatency::device)
                .containsExactlyInAnyOrder("str", "sda", "sdb");
    }

    /**
     * A snapshot origin's copy reads go through the linear device below it as the snapshot's own I/O, and the
     * held write is released by the copy's completion: neither is timed, as neither opens a bio on the kernel's
     * side; a read of the origin is.
     */
    @Test
    void aTargetsOwnIoIsNotTimed() {
        ModelSide model = run("""
                real: 0 65536 linear 8:0 0
                cow: 0 65536 linear 8:16 0
                snap: 0 65536 snapshot /dev/mapper/real /dev/mapper/cow P 8
                org: 0 65536 snapshot-origin /dev/mapper/real
                """, "org", List.of("- {device: org, op: write, sector: 1000, sectors: 4, at: 0}",
                "- {device: org, op: read, sector: 5000, sectors: 8, at: 0}"), 2);
        assertThat(model.workerIo.get("real")).isNotEmpty();
        assertThat(model.lowerQ2c.get("real")).hasSize(1);
        assertThat(model.lowerQ2c.get("sda")).hasSize(1);
        assertThat(model.lowerQ2c).containsOnlyKeys("real", "sda");
    }

    /**
     * A bio a target ends on a mapped device without sending anything below (here dm-zero's read; thin's read of an
     * unprovisioned block, zero-filled in {@code thin_bio_map}, is the case seen: y-snap-of-thin's thin volume had
     * 84 of the kernel's 724 reads timed, all of them reads that went on to the pool, so its p50 was 2.8 times the
     * kernel's) completes with its top-level bio, as the kernel's ends its way up at once.
     */
    @Test
    void aBioEndedOnAMappedDeviceWithoutLowerIoCompletesWithItsTopLevelBio() {
        ModelSide model = run("""
                z: 0 65536 zero
                lv: 0 32768 linear /dev/mapper/z 0
                """, "lv", List.of("- {device: lv, op: read, sector: 0, sectors: 8, at: 0}",
                "- {device: lv, op: read, sector: 64, sectors: 8, at: 1ms}"), 2);
        assertThat(model.lowerQ2c.get("z")).hasSize(2);
        for (TopBio top : model.tops.values()) {
            assertThat(top.completed).isGreaterThanOrEqualTo(0);
            assertThat(top.lowerLatency).singleElement().satisfies(l -> {
                assertThat(l.device()).isEqualTo("z");
                assertThat(l.ns()).isBetween(0L, top.completed - top.queued);
            });
        }
    }
}
