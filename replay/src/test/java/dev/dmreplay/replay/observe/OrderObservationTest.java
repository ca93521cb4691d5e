package dev.dmreplay.replay.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ORDER observations (format version 3): emitted where the issue-order metric counts, and read back typed. */
class OrderObservationTest {
    private static final Scenario S9 = ScenarioLoader.load(Path.of("../traces/scenarios/S9.yaml"));

    private static List<Observation> writeAndRead(Strategy st, Path dir) throws Exception {
        return writeAndRead(S9, st, dir);
    }

    private static List<Observation> writeAndRead(Scenario s, Strategy st, Path dir) throws Exception {
        Path f = dir.resolve(s.id() + "-" + st + ".parquet");
        try (ParquetObservationWriter w = new ParquetObservationWriter(f)) {
            ScenarioRunner.runOnce(s, st, List.of(), ScenarioRunner.schedule(s.seed()), s.seed(), w);
        }
        List<Observation> l = new ArrayList<>();
        try (ObservationReader r = ObservationReader.open(f)) {
            assertThat(r.version()).isEqualTo(3);
            Observation o;
            while ((o = r.next()) != null) {
                if (o.kind() == ObservationKind.ORDER) {
                    l.add(o);
                }
            }
        }
        return l;
    }

    @Test
    void theOutOfOrderPieceIsObservedAndReadBackTyped(@TempDir Path dir) throws Exception {
        List<Observation> v519 = writeAndRead(Strategy.V519, dir);
        assertThat(v519).hasSize(1);
        Observation o = v519.get(0);
        assertThat(o.order()).isEqualTo(OrderFact.OUT_OF_ORDER);
        assertThat(o.detail()).isEqualTo("out of order");
        assertThat(o.device()).isEqualTo("sda");
        assertThat(o.sector()).as("the 512 KiB piece, issued last").isEqualTo(1024);
        assertThat(o.value()).as("the original read's id").isPositive().isNotEqualTo(o.bio());
        assertThat(writeAndRead(Strategy.V618, dir)).isEmpty();
    }

    /** Zone write plugging's held writes (S10 under V610: all but the first piece per zone) read back typed. */
    @Test
    void writesHeldByZoneWritePluggingAreObservedAndReadBackTyped(@TempDir Path dir) throws Exception {
        Scenario s10 = ScenarioLoader.load(Path.of("../traces/scenarios/S10.yaml"));
        List<Observation> held = writeAndRead(s10, Strategy.V610, dir);
        assertThat(held).hasSize(372).allSatisfy(o -> {
            assertThat(o.order()).isEqualTo(OrderFact.ZONE_PLUGGED);
            assertThat(o.detail()).isEqualTo("held in zone write plug");
            assertThat(o.device()).isEqualTo("sdz");
        });
        assertThat(writeAndRead(s10, Strategy.V60, dir)).isEmpty();
    }
}
