package dev.dmreplay.replay.stack;

import dev.dmreplay.ingest.io.BadInputException;
import dev.dmreplay.ingest.io.TableFormatException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.replay.TestStacks;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.target.DelayTarget;
import dev.dmreplay.replay.target.LinearTarget;
import dev.dmreplay.replay.target.StripedTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetTypesTest {

    private static StackSpec fromTable(String table) {
        DmTopology topo = DmTopology.parse("t.txt", table);
        return TopologyStacks.build("t.txt", topo, ref -> TestStacks.leaf(ref.toString(),
                ref.isNumber() ? ref.toString() : null, 1000), List.of(), List.of(), Map.of());
    }

    @Test
    void aNonModelledTypeNamesTheFileLineAndTheModelledTypes() {
        assertThatThrownBy(() -> fromTable("a: 0 100 linear 8:0 0\nb: 0 100 flakey 8:16 0 1 1\n"))
                .isInstanceOf(TableFormatException.class)
                .hasMessageContaining("t.txt:2")
                .hasMessageContaining("'0 100 flakey 8:16 0 1 1' of b")
                .hasMessageContaining("target type 'flakey' is not modelled")
                .hasMessageContaining("modelled: cache, crypt, delay, error, linear, mirror, raid, snapshot, snapshot-merge, snapshot-origin, striped, thin, thin-pool, zero");
    }

    @Test
    void aScenarioWithANonModelledTypeIsBadInputAtItsTableLine() {
        String yaml = """
                id: T
                stack:
                  leaves:
                    - {name: sda, devno: "8:0"}
                  table: |
                    X: 0 64 linear 8:0 0
                    Y: 0 64 flakey /dev/mapper/X 0 1 1
                workload:
                  tasks:
                    - bios:
                        - {device: Y}
                """;
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", yaml)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("t.yaml (stack.table):2: '0 64 flakey /dev/mapper/X 0 1 1' of Y: target type 'flakey'");
    }

    @Test
    void aStackBuiltInCodeWithANonModelledTypeIsRejectedByTheMachine() {
        StackSpec spec = TestStacks.stack(List.of(TestStacks.leaf("sda", "8:0", 1000)),
                TestStacks.dm("X", TestStacks.line(0, 64, "flakey", "8:0", "0", "1", "1")));
        assertThatThrownBy(() -> new Machine(spec, Strategy.BARE.knobs, MemoryPressure.none(), 1))
                .isInstanceOf(TableFormatException.class).hasMessageContaining("test")
                .hasMessageContaining("not modelled (modelled: cache, crypt, delay, error, linear, mirror, raid, snapshot, snapshot-merge, snapshot-origin, striped, thin, thin-pool, zero)");
    }

    @Test
    void devicesResolveByNumberPathAndMappedName() {
        StackSpec spec = fromTable("""
                low: 0 64 striped 2 8 8:0 0 8:16 0
                mid: 0 64 linear /dev/mapper/low 0
                top: 0 32 delay /dev/mapper/mid 0 5 /dev/mapper/mid 32 7
                """);
        Machine m = new Machine(spec, Strategy.BARE.knobs, MemoryPressure.none(), 1);
        MappedDevice low = (MappedDevice) m.device("low");
        MappedDevice mid = (MappedDevice) m.device("mid");
        MappedDevice top = (MappedDevice) m.device("top");
        assertThat(low.table().target(0)).isInstanceOf(StripedTarget.class);
        assertThat(low.table().target(0).devices()).extracting(d -> d.name).containsExactly("8:0", "8:16");
        assertThat(mid.table().target(0)).isInstanceOf(LinearTarget.class);
        assertThat(mid.table().target(0).devices()).containsExactly((BlockDevice) low);
        assertThat(top.table().target(0)).isInstanceOf(DelayTarget.class);
        assertThat(top.table().target(0).devices()).containsExactly((BlockDevice) mid);
        assertThat(m.tops()).containsExactly((BlockDevice) top);
    }

    @Test
    void aMajorMinorReferenceToAMappedDeviceResolvesToThatDevice() {
        DmTopology topo = DmTopology.builder().table("t.txt", "low: 0 64 linear 8:0 0\ntop: 0 64 linear 253:0 0\n",
                null).ls("ls.txt", "low\t(253:0)\ntop\t(253:1)\n").build();
        StackSpec spec = TopologyStacks.build("t.txt", topo, ref -> TestStacks.leaf(ref.toString(), ref.toString(),
                1000), List.of(), List.of(), Map.of());
        Machine m = new Machine(spec, Strategy.BARE.knobs, MemoryPressure.none(), 1);
        MappedDevice top = (MappedDevice) m.device("top");
        assertThat(top.table().target(0).devices()).containsExactly(m.device("low"));
        assertThat(m.device("253:1")).isSameAs(top);
    }
}
