package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.reports.render.WaitChain;
import dev.dmreplay.reports.render.WaitChainParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every wait-for chain the shipped scenarios produce is drawn: the parser knows the whole chain grammar. */
class ScenarioChainDiagramTest {

    @Test
    void everyChainOfTheScenarioMatrixParsesAndEveryCycleCloses() {
        List<String> chains = new ArrayList<>();
        for (Scenario s : ScenarioLoader.loadAll(CliRun.traces().resolve("scenarios"))) {
            for (Strategy st : s.strategies()) {
                ScenarioResult r = ScenarioRunner.run(s, st, List.of());
                if (!r.chain().isEmpty()) {
                    chains.add(r.chain());
                }
            }
        }
        assertThat(chains).hasSizeGreaterThan(20);
        for (String c : chains) {
            WaitChain g = WaitChainParser.parse(c).orElseThrow(() -> new AssertionError("not parsed: " + c));
            assertThat(g.chainLength()).as(c).isGreaterThanOrEqualTo(2);
            if (g.cycle()) {
                assertThat(g.edges()).as(c).filteredOn(WaitChain.Edge::onCycle).last()
                        .satisfies(e -> assertThat(e.to()).isZero());
                assertThat(g.edges().stream().filter(WaitChain.Edge::onCycle).count()).as(c)
                        .isEqualTo(g.chainLength());
            }
            // every chain node's label appears in the text, in chain order
            int at = 0;
            for (WaitChain.Node n : g.nodes()) {
                if (!n.context()) {
                    int i = c.indexOf(n.label(), at);
                    assertThat(i).as(n.label() + " in " + c).isGreaterThanOrEqualTo(0);
                    at = i;
                }
            }
        }
    }
}
