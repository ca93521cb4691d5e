package dev.dmreplay.replay.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.RunDirectoryException;
import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code summary.json}: what the replay writes reads back equal, in a fixed key order; old and bad files. */
class RunSummaryFileTest {
    @TempDir
    Path tmp;

    private static RunSummary sample() {
        Map<String, String> knobs = new LinkedHashMap<>();
        knobs.put("gmrOrdering", "DEPTH_FIRST");
        knobs.put("bioPoolSize", "16");
        RunResult r = RunResult.builder().outcome(Outcome.MEMORY_DEADLOCK).chain("a waits for b").endTimeNs(49_162_000L)
                .submitted(55).completed(51).meanLatencyNs(89_000).maxLatencyNs(495_000).longestSubmitNs(1_000)
                .stalls(2).longestWaitNs(3_000).longestWait("postgres/1037").longestNoProgressNs(2_500)
                .noProgressFromNs(7_000).stallThresholdNs(1_000_000_000L).eventsRun(1120)
                .pools(List.of(new Mempool.MempoolStats("md->bs of vg0-lv0", 16, 60, 16, 0, 3, 1, 500, 0, 16)))
                .biosets(List.of(new Bioset.BiosetStats("md->bs of vg0-lv0", 1, 2, 3)))
                .devices(List.of(new MappedDevice.DmStats("vg0-lv0", 0, 0, 0, 1, 2))).build();
        return new RunSummary("oracle-small", "traces/oracle-small", "BARE", knobs, "hard", 1, "TIMED",
                List.of("vg0-lv0"), false, List.of("leaf 8:0: parametric"), r, null);
    }

    @Test
    void writtenSummaryReadsBackEqualWithFlattenedFieldsInOrder() throws Exception {
        Path f = tmp.resolve(RunSummaryFile.NAME);
        RunSummaryFile.write(f, sample());
        String text = Files.readString(f);
        assertThat(text).startsWith("{\n  \"trace\" : \"oracle-small\",\n  \"tracePath\" : \"traces/oracle-small\",\n"
                + "  \"strategy\" : \"BARE\",\n  \"knobs\" : {\n").endsWith("}\n");
        RunSummaryFile.Read back = RunSummaryFile.read(f);
        assertThat(back.summary()).isEqualTo(sample());
        assertThat(back.endTimeNs()).isEqualTo(49_162_000L);
        assertThat(back.fields().keySet()).startsWith("trace", "tracePath", "strategy", "knobs.gmrOrdering",
                "knobs.bioPoolSize", "pressure", "seed", "mode", "reconstructedFromRemaps", "result.outcome");
        assertThat(back.fields()).containsEntry("result.outcome", "MEMORY_DEADLOCK")
                .doesNotContainKey("notes").doesNotContainKey("topDevices");
    }

    @Test
    void aShortSummaryLeavesMissingFieldsEmpty() throws Exception {
        Path f = Files.writeString(tmp.resolve("summary.json"), "{\"trace\":\"t\",\"strategy\":\"DF\",\"extra\":1,"
                + "\"run\":{\"endTimeNs\":7}}");
        RunSummaryFile.Read back = RunSummaryFile.read(f);
        assertThat(back.summary().strategy()).isEqualTo("DF");
        assertThat(back.summary().tracePath()).isNull();
        assertThat(back.summary().result()).isNull();
        assertThat(back.endTimeNs()).isEqualTo(7);
        assertThat(back.fields()).containsExactly(Map.entry("trace", "t"), Map.entry("strategy", "DF"),
                Map.entry("extra", "1"), Map.entry("run.endTimeNs", "7"));
    }

    @Test
    void badSummariesNameFileAndLine() throws Exception {
        Path notJson = Files.writeString(tmp.resolve("a.json"), "{\n \"trace\": \n");
        assertThatThrownBy(() -> RunSummaryFile.read(notJson)).isInstanceOf(RunDirectoryException.class)
                .hasMessageStartingWith(notJson + ":").hasMessageContaining("not valid JSON");
        Path array = Files.writeString(tmp.resolve("b.json"), "[1]");
        assertThatThrownBy(() -> RunSummaryFile.read(array)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(array + ": expected a JSON object");
        Path wrongType = Files.writeString(tmp.resolve("c.json"), "{\n\"result\": {\"outcome\": \"SOMETIMES\"}}");
        assertThatThrownBy(() -> RunSummaryFile.read(wrongType)).isInstanceOf(RunDirectoryException.class)
                .hasMessageStartingWith(wrongType + ":2: not a run summary");
    }

    @Test
    void fieldsOfTheWrongTypeAreNamedWithTheirLine() throws Exception {
        Path seed = Files.writeString(tmp.resolve("seed.json"), "{\n\"strategy\": \"DF\",\n\"seed\": \"one\"\n}");
        assertThatThrownBy(() -> RunSummaryFile.read(seed)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(seed + ":3: field 'seed' is a string, expected an integer");
        Path nested = Files.writeString(tmp.resolve("nested.json"), "{\"result\": {\n \"outcome\": \"FINE\",\n"
                + " \"submitted\": 1.5}}");
        assertThatThrownBy(() -> RunSummaryFile.read(nested)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(nested + ":3: field 'result.submitted' is a number, expected an integer");
        Path strategy = Files.writeString(tmp.resolve("strategy.json"), "{\"strategy\": 5}");
        assertThatThrownBy(() -> RunSummaryFile.read(strategy)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(strategy + ":1: field 'strategy' is an integer, expected a string");
        Path knobs = Files.writeString(tmp.resolve("knobs.json"), "{\"knobs\": [\"a\"]}");
        assertThatThrownBy(() -> RunSummaryFile.read(knobs)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(knobs + ":1: field 'knobs' is an array, expected an object");
    }

    @Test
    void aSummaryNamingItsRunMustHaveEveryField() throws Exception {
        RunSummary s = sample();
        RunSummary withId = new RunSummary(s.trace(), s.tracePath(), s.strategy(), s.knobs(), s.pressure(), s.seed(),
                s.mode(), s.topDevices(), s.reconstructedFromRemaps(), s.notes(), s.result(),
                new RunSummary.QueueSummary(1, 1, Map.of()), new RunSummary.AdmissionSummary(List.of(), 0),
                new RunIdentity("BARE", "a=1", "hard", 1, "TIMED", 0, "00"));
        Path f = tmp.resolve("summary.json");
        RunSummaryFile.write(f, withId);
        assertThat(RunSummaryFile.read(f).summary()).isEqualTo(withId);
        Files.writeString(f, Files.readString(f).replace("\"eventsRun\" : 1120,", ""));
        assertThatThrownBy(() -> RunSummaryFile.read(f)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(f + ": field 'result.eventsRun' missing, expected an integer (a summary naming its run has"
                        + " every field)");
    }

    @Test
    void aSummaryThatIsNotUtf8IsNamedNotLeftToTheDecoder() throws Exception {
        Path f = Files.write(tmp.resolve("summary.json"), new byte[] {'{', '"', 's', '"', ':', '"', (byte) 0xff, '"',
            '}'});
        assertThatThrownBy(() -> RunSummaryFile.read(f)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(f + ": not UTF-8 text, expected a run summary in JSON");
    }
}
