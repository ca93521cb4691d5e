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
}
