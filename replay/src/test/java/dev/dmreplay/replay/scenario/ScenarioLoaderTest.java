package dev.dmreplay.replay.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.ScenarioFormatException;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    private static final String OK = """
            id: T
            stack:
              leaves:
                - {name: sda, devno: "8:0", latency: 2ms}
              table: |
                X: 0 2048 linear 8:0 0
            workload:
              tasks:
                - count: 2
                  bios:
                    - {device: X, op: read, sector: 0, taskStride: 8, sectors: 8, repeat: 3, interval: 1ms}
            strategies: [DF]
            expect: {DF: fine}
            """;

    @Test
    void parsesStackWorkloadAndExpectations() {
        Scenario s = ScenarioLoader.parse("t.yaml", OK);
        assertThat(s.tasks()).hasSize(2);
        assertThat(s.tasks().get(1).requests()).hasSize(3);
        assertThat(s.tasks().get(1).requests().get(2).sector()).isEqualTo(8 + 16);
        assertThat(s.tasks().get(1).requests().get(2).time()).isEqualTo(2_000_000);
        assertThat(s.stack().dms()).hasSize(1);
        assertThat(s.expected()).containsEntry(Strategy.DF, Outcome.FINE);
        ScenarioResult r = ScenarioRunner.run(s, Strategy.DF, java.util.List.of());
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.run().completed()).isEqualTo(6);
    }

    @Test
    void errorsNameTheFileAndTheField() {
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", OK.replace("op: read", "op: frobnicate")))
                .isInstanceOf(ScenarioFormatException.class).hasMessageContaining("bad.yaml")
                .hasMessageContaining("op").hasMessageContaining("frobnicate");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", OK.replace("8:0 0", "8:99 0")))
                .isInstanceOf(ScenarioFormatException.class).hasMessageContaining("8:99");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", "id: [unclosed"))
                .isInstanceOf(ScenarioFormatException.class).hasMessageContaining("bad.yaml");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", OK.replace("latency: 2ms", "latency: soon")))
                .isInstanceOf(ScenarioFormatException.class).hasMessageContaining("soon");
    }
}
