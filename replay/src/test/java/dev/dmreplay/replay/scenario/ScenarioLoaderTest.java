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

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "pressure: none|pressur: none|bad.yaml:13: pressur: unknown key 'pressur' (did you mean 'pressure'?)",
        "sectors: 8,|sectros: 8,|bad.yaml:11: workload.tasks[0].bios[0].sectros: unknown key 'sectros' (did you mean 'sectors'?)",
        "- count: 2|- cuont: 2|bad.yaml:9: workload.tasks[0].cuont: unknown key 'cuont' (did you mean 'count'?)",
        "pressure: none|stallTreshold: 1s|bad.yaml:13: stallTreshold: unknown key 'stallTreshold' (did you mean 'stallThreshold'?)",
        "pressure: none|seed: abc|bad.yaml:13: seed: key 'seed': expected an integer",
        "- count: 2|- count: eight|bad.yaml:9: workload.tasks[0].count: key 'count': expected an integer in 1..100000",
        "sectors: 8,|sectors: -32,|bad.yaml:11: workload.tasks[0].bios[0].sectors: key 'sectors': expected an integer in 0..4194304, not -32",
        "pressure: none|poolSize: 3|bad.yaml:13: poolSize: unknown key 'poolSize'",
        "pressure: none|knobs: {reservedBioBasedIos: 0}|bad.yaml:13: knobs.reservedBioBasedIos: knob reservedBioBasedIos: '0' is not an integer in 1..1024",
        "pressure: none|knobs: {bioPoolSze: 4}|bad.yaml:13: knobs.bioPoolSze: unknown knob 'bioPoolSze' (did you mean 'bioPoolSize'?)",
        "pressure: none|expect: {DF: fast}|bad.yaml:13: expect.DF: key 'DF': expected an outcome",
    })
    void schemaErrorsNameFileLineAndKey(String from, String to, String message) {
        String text = OK.replace("expect: {DF: fine}\n", "pressure: none\n");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", text.replace(from, to)))
                .isInstanceOf(ScenarioFormatException.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void poolSizesAndBiosMustNameDevicesOfTheStack() {
        String pools = OK.replace("  table: |", "  poolSize: {Y: 64}\n  table: |");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", pools)).hasMessageStartingWith(
                "bad.yaml:5: stack.poolSize.Y: pool size for unknown device 'Y'");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", pools.replace("{Y: 64}", "{X: lots}")))
                .hasMessageStartingWith("bad.yaml:5: stack.poolSize.X: key 'X': expected an integer in 1..1024");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", pools.replace("{Y: 64}", "{X: -1}")))
                .hasMessageContaining("not -1");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", OK.replace("device: X", "device: Z")))
                .hasMessageStartingWith("bad.yaml:11: workload.tasks[0].bios[0].device: unknown device 'Z'");
    }

    /** Values that are well-formed YAML but not valid for their field name the field and its line. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "strategies: [DF]|strategies: [DF, FASTEST]|bad.yaml:12: strategies[1]: ",
        "pressure: none|pressure: medium|bad.yaml:13: pressure: ",
        "pressure: none|timeLimit: forever|bad.yaml:13: timeLimit: ",
        "pressure: none|stallThreshold: 5 parsecs|bad.yaml:13: stallThreshold: ",
        "pressure: none|knobs: {snapshotLocking: sideways}|bad.yaml:13: knobs.snapshotLocking: ",
        "pressure: none|suspend: [{device: X, at: later}]|bad.yaml:13: suspend[0].at: ",
    })
    void valueParsersNameFileLineAndField(String from, String to, String prefix) {
        String text = OK.replace("expect: {DF: fine}\n", "pressure: none\n");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", text.replace(from, to)))
                .isInstanceOf(ScenarioFormatException.class).hasMessageStartingWith(prefix)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void everyShippedScenarioPassesTheSchema() {
        assertThat(ScenarioLoader.loadAll(java.nio.file.Path.of("../traces/scenarios"))).isNotEmpty();
    }
}
