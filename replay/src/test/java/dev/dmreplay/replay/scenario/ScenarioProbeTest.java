package dev.dmreplay.replay.scenario;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioProbeTest {
    @Test
    void probe() {
        for (Scenario s : ScenarioLoader.loadAll(Path.of("../traces/scenarios"))) {
            for (ScenarioResult r : ScenarioRunner.runAll(s, List.of())) {
                System.out.println(r.scenario() + " " + r.strategy() + " " + r.outcome() + " exp=" + r.expected() + " "
                        + r.run().completed() + "/" + r.run().submitted() + " t=" + r.run().endTimeNs() / 1e6 + "ms "
                        + r.chain());
            }
        }
    }
}
