package dev.dmreplay.replay.dm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zone size and max_sectors a mapped device stacks from the devices below ({@code blk_stack_limits}). */
class ZonedLimitsTest {
    @Test
    void aMappedDeviceIsZonedOnlyWhenEveryDeviceBelowIsZonedAlike(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("zl.yaml");
        Files.writeString(f, """
                id: ZL
                stack:
                  leaves:
                    - {name: z1, devno: "8:0", latency: 1ms, maxSectors: 256, zoneSectors: 8192}
                    - {name: z2, devno: "8:16", latency: 1ms, maxSectors: 512, zoneSectors: 8192}
                    - {name: z3, devno: "8:32", latency: 1ms, zoneSectors: 4096}
                    - {name: plain, devno: "8:48", latency: 1ms}
                  table: |
                    A: 0 65536 linear 8:0 0
                    A: 65536 65536 linear 8:16 0
                    B: 0 65536 linear /dev/mapper/A 0
                    MIXED: 0 65536 linear 8:0 0
                    MIXED: 65536 65536 linear 8:48 0
                    OTHERZONES: 0 65536 linear 8:0 0
                    OTHERZONES: 65536 65536 linear 8:32 0
                    Z: 0 65536 zero
                workload:
                  tasks:
                    - bios:
                        - {device: B, op: write, sector: 0, sectors: 8}
                """);
        Scenario s = ScenarioLoader.load(f);
        Machine m = new Machine(s.stack(), Strategy.V618.knobs, MemoryPressure.parse("none"), 1);
        ZonedLimits a = ((MappedDevice) m.device("A")).zonedLimits();
        assertThat(a.zoneSectors()).isEqualTo(8192);
        assertThat(a.maxSectors()).as("the smallest below").isEqualTo(256);
        assertThat(((MappedDevice) m.device("B")).zonedLimits()).isEqualTo(a);
        assertThat(((MappedDevice) m.device("MIXED")).zoneSectors()).isZero();
        assertThat(((MappedDevice) m.device("OTHERZONES")).zoneSectors()).isZero();
        assertThat(((MappedDevice) m.device("Z")).zoneSectors()).as("dm-zero maps onto no device").isZero();
        // DM's entry split: straddling writes only, cut at max_sectors or the zone end
        assertThat(a.straddles(8000, 192)).isFalse();
        assertThat(a.straddles(8000, 200)).isTrue();
        assertThat(a.splitAt(8000)).isEqualTo(192);
        assertThat(a.splitAt(0)).isEqualTo(256);
    }
}
