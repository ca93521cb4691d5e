package dev.dmreplay.replay.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ParquetObservationWriter;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End-to-end replays of real blktrace files (blkgen, see src/test/resources/traces/README.md). */
class TraceReplayTest {
    private static final Path TRACES = Path.of("src/test/resources/traces");

    private static TraceReplay.Setup setup(String name, Strategy s, String pressure, long seed, String mode) {
        return new TraceReplay.Setup(TRACES.resolve(name), null, s.knobs, MemoryPressure.parse(pressure), seed,
                ReplayMode.parse(mode, 32), Map.of(), 0, 0, false, ReplayRun.Options.defaults());
    }

    private static long appBios(String name) throws Exception {
        return new ObjectMapper().readTree(TRACES.resolve(name).resolve("manifest.json").toFile()).get("app_bios").asLong();
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "striped"})
    void everyRecordedApplicationBioIsReplayedAndCompletes(String name) throws Exception {
        for (Strategy s : Strategy.CLAIMS) {
            TraceReplay.Prepared p = TraceReplay.prepare(setup(name, s, "none", 1, "timed"));
            Map<ObservationKind, Integer> kinds = new EnumMap<>(ObservationKind.class);
            p.machine().kernel.addListener(o -> kinds.merge(o.kind(), 1, Integer::sum));
            RunResult r = p.run(null, ReplayRun.Options.defaults());
            assertThat(p.topDevices()).containsExactly("vg0-lv0");
            assertThat(p.notes()).anyMatch(n -> n.contains("bound vg0-lv0 to traced device 253:0"));
            assertThat(r.submitted()).as(s.name()).isEqualTo(appBios(name));
            assertThat(r.completed()).isEqualTo(r.submitted());
            assertThat(r.outcome()).isEqualTo(Outcome.FINE);
            assertThat(kinds.get(ObservationKind.REMAP)).isPositive();
            assertThat(kinds.get(ObservationKind.DISPATCH)).isGreaterThanOrEqualTo(kinds.get(ObservationKind.REMAP));
        }
    }

    @Test
    void stripedTraceUnderHardPressureDeadlocksWithoutRescuerAndNotWithIt() throws Exception {
        RunResult bare = TraceReplay.prepare(setup("striped", Strategy.BARE, "hard", 1, "afap:64"))
                .run(null, ReplayRun.Options.defaults());
        assertThat(bare.outcome()).isEqualTo(Outcome.MEMORY_DEADLOCK);
        assertThat(bare.chain()).contains("md->bs of vg0-lv0").endsWith("(cycle)");
        RunResult resc = TraceReplay.prepare(setup("striped", Strategy.RESC, "hard", 1, "afap:64"))
                .run(null, ReplayRun.Options.defaults());
        assertThat(resc.outcome()).isNotIn(Outcome.DEADLOCK, Outcome.MEMORY_DEADLOCK);
        assertThat(resc.completed()).isEqualTo(appBios("striped"));
        assertThat(resc.biosets().get(0).biosPunted()).isPositive();
    }

    @Test
    void submitObservationsCarryTheRecordedSubmitTimeSoLateSubmissionsShow() throws Exception {
        // The trace replayed 1000x compressed under HARD pressure with DF: submitters sleep in mempool_alloc on
        // q->bio_split's two-element reserve, so bios of the same task go in after their (scaled) recorded time.
        TraceReplay.Prepared p = TraceReplay.prepare(setup("striped", Strategy.DF, "hard", 1, "scale=0.001"));
        List<long[]> submits = new java.util.ArrayList<>();
        p.machine().kernel.addListener(o -> {
            if (o.kind() == ObservationKind.SUBMIT) {
                submits.add(new long[] {o.time(), o.value()});
            }
        });
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        assertThat(submits).hasSize((int) r.submitted());
        assertThat(submits).allSatisfy(s -> assertThat(s[1]).isBetween(0L, s[0]));
        assertThat(submits.stream().filter(s -> s[1] > 0)).hasSizeGreaterThan(submits.size() / 2);
        assertThat(submits.stream().filter(s -> s[0] > s[1])).as("submissions later than recorded").isNotEmpty();
    }

    @Test
    void sameInputsAndSeedGiveByteIdenticalObservations(@TempDir Path dir) throws Exception {
        byte[][] files = new byte[3][];
        for (int i = 0; i < 3; i++) {
            long seed = i < 2 ? 7 : 8;
            TraceReplay.Prepared p = TraceReplay.prepare(setup("striped", Strategy.RESC, "soft(0.6,0.3)", seed, "timed"));
            Path f = dir.resolve("obs" + i + ".parquet");
            try (ParquetObservationWriter w = new ParquetObservationWriter(f)) {
                p.machine().kernel.addListener(w);
                p.run(null, ReplayRun.Options.defaults());
            }
            files[i] = Files.readAllBytes(f);
        }
        assertThat(files[0]).isEqualTo(files[1]);
        assertThat(files[0]).isNotEqualTo(files[2]);
    }

    @Test
    void withoutTheTopDeviceTracedTopLevelBiosComeFromRemapEvents(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("lower-only");
        Files.createDirectories(t);
        for (Path f : Files.list(TRACES.resolve("linear")).filter(p -> !p.getFileName().toString().startsWith("dm-0"))
                .sorted().toList()) {
            Files.copy(f, t.resolve(f.getFileName()));
        }
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(t, null, Strategy.DF.knobs,
                MemoryPressure.none(), 1, ReplayMode.timed(), Map.of("vg0-lv0", "253:0"), 0, 0, false,
                ReplayRun.Options.defaults()));
        assertThat(p.fromRemaps()).isTrue();
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        // the top device's bios from its remaps, and the I/O issued straight to the disk as in a full replay
        // (a linear table splits nothing, so the two replays submit the same bios)
        RunResult full = TraceReplay.prepare(new TraceReplay.Setup(TRACES.resolve("linear"), null, Strategy.DF.knobs,
                MemoryPressure.none(), 1, ReplayMode.timed(), Map.of("vg0-lv0", "253:0"), 0, 0, false,
                ReplayRun.Options.defaults())).run(null, ReplayRun.Options.defaults());
        assertThat(r.submitted()).isGreaterThan(p.survey().topRemaps).isEqualTo(full.submitted());
        assertThat(r.completed()).isEqualTo(r.submitted());
    }

    @Test
    void parquetObservationFileHoldsEveryObservation(@TempDir Path dir) throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(setup("linear", Strategy.OFFL, "none", 1, "timed"));
        long[] seen = {0};
        p.machine().kernel.addListener(o -> seen[0]++);
        Path f = dir.resolve("o.parquet");
        try (ParquetObservationWriter w = new ParquetObservationWriter(f)) {
            p.machine().kernel.addListener(w);
            p.run(null, ReplayRun.Options.defaults());
        }
        try (org.apache.parquet.hadoop.ParquetFileReader rd = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(f))) {
            assertThat(rd.getRecordCount()).isEqualTo(seen[0]).isPositive();
            assertThat(rd.getFileMetaData().getSchema()).isEqualTo(ParquetObservationWriter.SCHEMA);
        }
    }

    @Test
    void aMissingTableIsReportedWithTheTracePath(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t");
        Files.createDirectories(t);
        for (Path f : Files.list(TRACES.resolve("linear")).filter(p -> p.toString().contains("blktrace")).toList()) {
            Files.copy(f, t.resolve(f.getFileName()));
        }
        assertThatThrownBy(() -> TraceReplay.prepare(new TraceReplay.Setup(t, null, Strategy.DF.knobs,
                MemoryPressure.none(), 1, ReplayMode.timed(), Map.of(), 0, 0, false, ReplayRun.Options.defaults())))
                .isInstanceOf(TableFormatException.class).hasMessageContaining("no dmsetup table");
        assertThat(List.of(t.toFile().list())).noneMatch(n -> n.endsWith(".parquet"));
    }
}
