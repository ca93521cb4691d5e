package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text inputs (blkparse text, CSV) through the CLI: detection by content, counts, and bad lines. */
class TextInputCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** blkparse text of the oracle-small bundle, as dmreplay renders it (byte-identical to blkparse's). */
    Path blkparseText() throws IOException {
        CliRun r = CliRun.of("ingest", CliRun.traces().resolve("oracle-small").toString(), "--format", "blkparse");
        assertThat(r.code()).isZero();
        return Files.writeString(dir.resolve("trace.log"), r.out(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void blkparseTextIsRecognisedByContentAndCounted() throws Exception {
        Path text = blkparseText();
        CliRun r = CliRun.of("info", "--json", text.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.path("format").asText()).isEqualTo("blkparse_text");
        // 8540 records blkparse counted, less the 2 DRV_DATA records it counts but never prints
        assertThat(j.path("events").asLong()).isEqualTo(8538);
        assertThat(j.path("ios").asLong()).isEqualTo(2156);
        assertThat(j.path("remaps").get(0).path("count").asLong()).isEqualTo(454);

        // gzip, and as the only trace of a bundle with the dm dumps: names come from the table
        Path bundle = Files.createDirectory(dir.resolve("bundle"));
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(bundle.resolve("blkparse.out.gz")))) {
            Files.copy(text, o);
        }
        for (String f : new String[] {"dmsetup-table.txt", "dmsetup-ls-tree.txt", "dmsetup-info-c.txt"}) {
            Files.copy(CliRun.traces().resolve("oracle-small").resolve(f), bundle.resolve(f));
        }
        JsonNode b = JSON.readTree(CliRun.of("info", "--json", bundle.toString()).out());
        assertThat(b.path("events").asLong()).isEqualTo(8538);
        assertThat(b.path("devices").get(2).path("name").asText()).isEqualTo("vg0-lv0");

        // text → store → text keeps every event line
        Path store = dir.resolve("t.parquet");
        assertThat(CliRun.of("ingest", text.toString(), "-o", store.toString()).code()).isZero();
        CliRun again = CliRun.of("ingest", store.toString(), "--format", "blkparse");
        assertThat(eventLines(again.out())).isEqualTo(eventLines(Files.readString(text,
                StandardCharsets.ISO_8859_1)));
    }

    static java.util.List<String> eventLines(String text) {
        return text.lines().takeWhile(l -> !l.startsWith("CPU")).toList();
    }

    @Test
    void garbageLineInTextNamesTheLine() throws Exception {
        Path p = dir.resolve("bad.txt");
        Files.writeString(p, "  8,0    0        1     0.000000000  1000  Q   R 8 + 8 [fio]\n"
                + "  8,0    0        2     0.000001000  1000  G   R 8 + 8 [fio]\n"
                + "this line is garbage\n");
        CliRun r = CliRun.of("ingest", p.toString(), "-o", dir.resolve("o.parquet").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("dmreplay: " + p + ":3: ");
        assertNoOutput();

        CliRun lenient = CliRun.of("info", "--json", "--lenient", p.toString());
        assertThat(lenient.code()).as(lenient.err()).isZero();
        assertThat(lenient.err()).startsWith("dmreplay: skipped 1 bad record").contains(p + ":3: ");
        assertThat(JSON.readTree(lenient.out()).path("events").asLong()).isEqualTo(2);
    }

    @Test
    void numbersOutOfRangeInText() throws Exception {
        Path p = dir.resolve("range.txt");
        Files.writeString(p, "  8,0    0        1     0.000000000  1000  Q   R 8 + 8 [fio]\n"
                + "  8,0    0        2     0.000001000  1000  Q   R 99999999999999999999999 + 8 [fio]\n");
        CliRun r = CliRun.of("info", p.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("dmreplay: " + p + ":2: ");
        Path major = dir.resolve("major.txt");
        Files.writeString(major, "5000,0    0        1     0.000000000  1000  Q   R 8 + 8 [fio]\n");
        CliRun m = CliRun.of("info", major.toString());
        assertThat(m.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(m.errLines()[0]).startsWith("dmreplay: " + major + ":1: ");
    }

    @Test
    void csvTraceAndItsBadLine() throws Exception {
        Path msr = dir.resolve("hm_1.csv");
        Files.writeString(msr, "128166372003061629,hm,1,Read,7014609920,24576,41286\n"
                + "128166372016853285,hm,1,Write,3102474240,4096,12112\n");
        CliRun ok = CliRun.of("info", "--json", msr.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        JsonNode j = JSON.readTree(ok.out());
        assertThat(j.path("format").asText()).isEqualTo("csv");
        assertThat(j.path("ios").asLong()).isEqualTo(2);
        assertThat(j.path("bytes_read").asLong()).isEqualTo(24576);
        assertThat(j.path("bytes_written").asLong()).isEqualTo(4096);
        // MSR has response times: each I/O gets its C, so the completion check runs and finds nothing open
        assertThat(j.path("suspicious").path("queued_without_completion").asLong()).isZero();

        Path tencent = dir.resolve("tencent.csv");
        Files.writeString(tencent, "1538323200,100,8,0,1\n1538323200,300,16,1,1\n");
        JsonNode t = JSON.readTree(CliRun.of("info", "--json", tencent.toString()).out());
        assertThat(t.path("ios").asLong()).isEqualTo(2);
        assertThat(t.path("suspicious").path("queued_without_completion").isNull()).isTrue();
        assertThat(t.path("notes").get(0).asText()).contains("no completion");

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "128166372003061629,hm,1,Read,7014609920,24576,41286\n"
                + "128166372016853285,hm,1,Sideways,3102474240,4096,12112\n");
        CliRun r = CliRun.of("ingest", bad.toString(), "-o", dir.resolve("out").resolve("o.parquet").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("dmreplay: " + bad + ":2");
        assertNoOutput();
    }

    private void assertNoOutput() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(f -> f.toString().endsWith(".parquet") || f.getFileName().toString().contains(".tmp")))
                    .isEmpty();
        }
    }
}
