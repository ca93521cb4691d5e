package dev.dmreplay.analyze.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.AllocMode;
import dev.dmreplay.replay.observe.BioRole;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObservationReader;
import dev.dmreplay.replay.observe.RescueMechanism;
import dev.dmreplay.replay.observe.SplitKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Run directories written before the typed observation contract (format version 1, see
 * {@code src/test/resources/observations-v1/README.md}) still read, and their analysis is byte for byte what it was.
 */
class OldObservationFilesTest {
    private static final Path V1 = Path.of("src/test/resources/observations-v1");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"S1-HELP", "S1-RESC", "S1b-OFFL", "S4b-NEIL", "S5-MODERN"})
    void theAnalysisOfAVersion1RunIsUnchanged(String name) throws Exception {
        RunReport r = RunDirectory.open(V1.resolve(name)).analyze(RunAnalysis.Options.defaults());
        assertThat(RunReportText.render(r)).isEqualTo(Files.readString(V1.resolve(name).resolve("report.txt")));
        Path out = Files.createDirectories(tmp.resolve(name));
        RunReportFiles.write(r, out);
        for (String f : List.of("pools.csv", "rescue-lists.csv")) {
            assertThat(out.resolve(f)).as(f).hasSameTextualContentAs(V1.resolve(name).resolve(f));
        }
    }

    @Test
    void aVersion1FileGetsItsTypedFactsFromItsText() throws Exception {
        List<Observation> all = new ArrayList<>();
        for (String name : List.of("S1-HELP", "S1-RESC", "S4b-NEIL", "S5-MODERN")) {
            try (ObservationReader r = ObservationReader.open(V1.resolve(name).resolve("observations.parquet"))) {
                assertThat(r.version()).isEqualTo(1);
                Observation o;
                while ((o = r.next()) != null) {
                    all.add(o);
                }
            }
        }
        Set<SplitKind> splits = EnumSet.noneOf(SplitKind.class);
        Set<RescueMechanism> rescues = EnumSet.noneOf(RescueMechanism.class);
        for (Observation o : all) {
            switch (o.kind()) {
                case SUBMIT -> assertThat(o.role()).isEqualTo(BioRole.TOP_LEVEL);
                case COMPLETE -> assertThat(o.role()).isEqualTo("top".equals(o.detail()) ? BioRole.TOP_LEVEL
                        : BioRole.LEAF);
                case SPLIT -> splits.add(o.split());
                case ALLOC, FREE -> {
                    assertThat(o.pool().name()).isEqualTo(o.resource());
                    if (o.kind() == ObservationKind.FREE) {
                        assertThat(o.freeTo().detail()).isEqualTo(o.detail());
                    }
                }
                case ALLOC_FAIL -> assertThat(o.alloc()).isEqualTo(o.detail().contains("GFP_NOWAIT")
                        ? AllocMode.NOWAIT_PROBE : null);   // version 1 cannot tell MASKED from NOWAIT
                case WAIT_BEGIN -> assertThat(o.pool() != null).isEqualTo(o.resource().startsWith("mempool "));
                case PUNT, OFFLOAD, RESCUE -> rescues.add(o.rescue());
                default -> {
                }
            }
        }
        assertThat(splits).containsExactlyInAnyOrder(SplitKind.DM_PIECE, SplitKind.DM_REMAINDER,
                SplitKind.DM_SPLIT_HEAD, SplitKind.BIO_SPLIT);
        assertThat(rescues).containsExactlyInAnyOrder(RescueMechanism.BIOSET_RESCUER, RescueMechanism.MD_RESCUED,
                RescueMechanism.HELPER);
    }

    @Test
    void aVersion2FileReadsWithoutRwbsOrFlagsAndAVersion3FileHasThem() throws Exception {
        Path v2 = Path.of("src/test/resources/observations-v2/linear-small");
        long rows = 0;
        try (ObservationReader r = ObservationReader.open(v2.resolve("observations.parquet"))) {
            assertThat(r.version()).isEqualTo(2);
            Observation o;
            while ((o = r.next()) != null) {
                rows++;
                assertThat(o.rwbs()).isNull();
                assertThat(o.flags()).isEmpty();
            }
        }
        assertThat(rows).isPositive();
        assertThat(RunReportText.render(RunDirectory.open(v2).analyze(RunAnalysis.Options.defaults())))
                .contains("md->io_bs of vg0-lv0");

        // the same replay now: every bio observation carries its rwbs, and the flags column its request flags
        Path out = tmp.resolve("v3.parquet");
        dev.dmreplay.replay.run.TraceReplay.Setup setup = new dev.dmreplay.replay.run.TraceReplay.Setup(
                Path.of("..", "traces", "linear-small"), null, dev.dmreplay.replay.strategy.Strategy.MODERN.knobs,
                dev.dmreplay.replay.pressure.MemoryPressure.parse("none"), 1,
                dev.dmreplay.replay.workload.ReplayMode.parse("timed", 32), java.util.Map.of(), 0, 0, false,
                dev.dmreplay.replay.run.ReplayRun.Options.defaults());
        dev.dmreplay.replay.run.TraceReplay.Prepared p = dev.dmreplay.replay.run.TraceReplay.prepare(setup);
        try (dev.dmreplay.replay.observe.ParquetObservationWriter w =
                     new dev.dmreplay.replay.observe.ParquetObservationWriter(out)) {
            p.machine().kernel.addListener(w);
            p.run(null, setup.options());
        }
        long bios = 0;
        Set<dev.dmreplay.replay.observe.BioFlag> seen = EnumSet.noneOf(dev.dmreplay.replay.observe.BioFlag.class);
        try (ObservationReader r = ObservationReader.open(out)) {
            assertThat(r.version()).isEqualTo(3);
            Observation o;
            while ((o = r.next()) != null) {
                if (o.kind() == ObservationKind.SUBMIT || o.kind() == ObservationKind.REMAP) {
                    bios++;
                    assertThat(o.rwbs()).isNotEmpty();
                    assertThat(o.flags().contains(dev.dmreplay.replay.observe.BioFlag.SYNC))
                            .isEqualTo(o.rwbs().contains("S"));
                    seen.addAll(o.flags());
                }
            }
        }
        assertThat(bios).isPositive();
        assertThat(seen).contains(dev.dmreplay.replay.observe.BioFlag.SYNC);
    }
}
