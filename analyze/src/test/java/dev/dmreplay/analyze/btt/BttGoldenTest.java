package dev.dmreplay.analyze.btt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte equality with the real btt 2.09 on dumps made by the real blkparse (see resources btt/README.md). */
class BttGoldenTest {

    static String resource(String name) throws IOException {
        try (InputStream in = BttGoldenTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static BttEngine run(String set) throws IOException {
        List<BlockEvent> events = DumpFile.read("/btt/" + set + "/bp.bin");
        BttEngine engine = new BttEngine();
        events.forEach(engine::accept);
        return engine;
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "multicpu", "striped", "linear", "bigendian", "handmade"})
    void allDataReportIsByteIdenticalToBttDashA(String set) throws IOException {
        assertThat(run(set).report(true)).isEqualTo(resource("/btt/" + set + "/btt-A.avg"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "multicpu", "striped", "linear", "bigendian", "handmade"})
    void defaultReportIsByteIdenticalToBtt(String set) throws IOException {
        assertThat(run(set).report(false)).isEqualTo(resource("/btt/" + set + "/btt.avg"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"striped", "linear"})
    void dmStacksAccountRemapperRowsSeparately(String set) throws IOException {
        BttEngine e = run(set);
        BttDevice dm = e.devices().stream().filter(BttDevice::isRemapper).findFirst().orElseThrow();
        assertThat(dm.avgs().get(Interval.Q2C_DM).n()).isPositive();
        assertThat(dm.avgs().get(Interval.Q2C).n()).isZero();
        assertThat(dm.avgs().get(Interval.Q2A_DM).n()).isPositive();
        assertThat(e.evicted()).isZero();
    }
}
