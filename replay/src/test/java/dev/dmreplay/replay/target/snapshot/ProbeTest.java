package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() {
        for (String f : System.getProperty("probe.files", "S2").split(",")) {
            Scenario s = ScenarioLoader.load(Path.of("../traces/scenarios/" + f + ".yaml"));
            for (String extra : System.getProperty("probe.knobs", "").split(";")) {
                List<String> k = extra.isBlank() ? List.of() : List.of(extra.split(","));
                for (Strategy st : Strategy.CLAIMS) {
                    ScenarioResult r = ScenarioRunner.run(s, st, k);
                    System.out.println("PROBE " + f + " " + k + " " + st + " " + r.outcome() + " sub=" + r.run().submitted()
                            + " done=" + r.run().completed() + " err=" + r.run().errors() + " t=" + r.run().endTimeNs()
                            + " | " + r.chain());
                }
            }
        }
    }
}
