package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {

    @TempDir
    Path dir;

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String golden(String name) throws Exception {
        try (var in = IngestCommandTest.class.getResourceAsStream("/cli/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    @Test
    void blkparseTextToFileIsByteIdenticalToBlkparse() throws Exception {
        Path out = dir.resolve("default.txt");
        CliRun r = CliRun.of("ingest", CliRun.traces().resolve("oracle-small").toString(), "--format", "blkparse",
                "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(sha256(Files.readAllBytes(out))).isEqualTo(golden("oracle-small.blkparse.sha256"));
        assertThat(r.err()).contains("discarded traces containing low-level device driver specific data");
    }

    @Test
    void blkparseTextToStdoutFromCompressedBundle() throws Exception {
        CliRun r = CliRun.of("ingest", CliRun.traces().resolve("linear-small").toString(), "--format", "blkparse");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(sha256(r.out().getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(golden("linear-small.blkparse.sha256"));
    }

    @Test
    void parquetStoreRoundTripsThroughInfoAndBlkparse() throws Exception {
        Path store = dir.resolve("events.parquet");
        String bundle = CliRun.traces().resolve("oracle-small").toString();
        CliRun w = CliRun.of("ingest", bundle, "-o", store.toString());
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.err()).contains("wrote 8570 records to " + store);

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var fromStore = json.readTree(CliRun.of("info", "--json", store.toString()).out());
        var fromTrace = json.readTree(CliRun.of("info", "--json", bundle).out());
        assertThat(fromStore.path("format").asText()).isEqualTo("parquet");
        for (String k : new String[] {"events", "records", "ios", "actions", "operations", "application", "remaps",
                "processes", "time"}) {
            assertThat(fromStore.path(k)).as(k).isEqualTo(fromTrace.path(k));
        }
        assertThat(fromStore.path("inputs")).isEqualTo(fromTrace.path("inputs"));

        assertThat(fromStore.path("devices")).isEqualTo(fromTrace.path("devices"));
        assertThat(fromStore.path("dm")).isEqualTo(fromTrace.path("dm"));

        // the store keeps what blkparse needs: its text is byte-identical to blkparse's on the original
        CliRun a = CliRun.of("ingest", store.toString(), "--format", "blkparse");
        assertThat(sha256(a.out().getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(golden("oracle-small.blkparse.sha256"));
    }

    @Test
    void usageErrors() throws Exception {
        String bundle = CliRun.traces().resolve("oracle-small").toString();
        CliRun none = CliRun.of("ingest", bundle);
        assertThat(none.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(none.err()).isEqualTo("dmreplay: ingest needs -o <file>.parquet or --format blkparse [-o <file>]\n");
        CliRun unknownName = CliRun.of("ingest", bundle, "-o", dir.resolve("x.dat").toString());
        assertThat(unknownName.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknownName.err()).contains("cannot tell the output format");
        CliRun parquetStdout = CliRun.of("ingest", bundle, "--format", "parquet");
        assertThat(parquetStdout.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }
}
