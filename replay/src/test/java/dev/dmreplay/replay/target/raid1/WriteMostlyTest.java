package dev.dmreplay.replay.target.raid1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.BioRole;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * dm-raid's {@code write_mostly <idx>} sets the leg's {@code WriteMostly} flag, and md's {@code read_balance()}
 * (raid1.c v6.1) does not balance over such a leg: it is kept only as the last resort. On a 6.1 capture of a
 * raid1 with its second leg write-mostly, all 112 reads went to the first leg; the model, which ignored the flag,
 * had sent 35 of them to the second.
 */
class WriteMostlyTest {
    /** Reads per leg of four tasks reading at once at scattered sectors, under {@code options}. */
    private static Map<String, Integer> readsPerLeg(String options, int seed) {
        StringBuilder tasks = new StringBuilder();
        for (int t = 0; t < 4; t++) {
            tasks.append("""
                    - name: R%d
                      count: 1
                      bios:
                    """.formatted(t));
            for (int i = 0; i < 8; i++) {
                long sector = ((t * 7919L + i * 104729L) * (seed + 1)) % 60000 / 8 * 8;
                tasks.append("    - {device: r1, op: read, sector: %d, sectors: 8, at: %dus}\n"
                        .formatted(sector, i * 150 + t * 20));
            }
        }
        Scenario s = ScenarioLoader.parse("wm.yaml", """
                id: write-mostly
                stack:
                  leaves:
                    - {name: sda, devno: "8:0", latency: 200us}
                    - {name: sdb, devno: "8:16", latency: 200us}
                  table: |
                    r1: 0 65536 raid raid1 %s 2 - 8:0 - 8:16
                workload:
                  mode: timed
                  tasks:
                %s
                """.formatted(options, tasks.toString().indent(4)));
        Machine m = new Machine(s.stack(), Strategy.MODERN.knobs, s.pressure(), seed);
        Map<String, Integer> legs = new TreeMap<>(Map.of("sda", 0, "sdb", 0));
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.COMPLETE && o.role() == BioRole.LEAF && "R".equals(o.rwbs())) {
                legs.merge(o.device(), 1, Integer::sum);
            }
        });
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()), ReplayRun.Options.defaults());
        assertThat(r.completed()).isEqualTo(32);
        return legs;
    }

    @Test
    void readsStayOffAWriteMostlyLegUnderEverySeed() {
        for (int seed : new int[] {1, 7, 42}) {
            assertThat(readsPerLeg("4 0 nosync write_mostly 1", seed)).as("seed %d", seed)
                    .containsEntry("sda", 32).containsEntry("sdb", 0);
            assertThat(readsPerLeg("4 0 nosync write_mostly 0", seed)).as("seed %d", seed)
                    .containsEntry("sda", 0).containsEntry("sdb", 32);
            // without the flag the same reads are balanced over both legs
            assertThat(readsPerLeg("2 0 nosync", seed).get("sdb")).as("seed %d", seed).isPositive();
        }
    }

    @Test
    void writeBehindIsRefusedWithTheLine() {
        assertThatThrownBy(() -> readsPerLeg("6 0 nosync write_mostly 1 max_write_behind 256", 1))
                .hasMessageContaining("max_write_behind");
    }
}
