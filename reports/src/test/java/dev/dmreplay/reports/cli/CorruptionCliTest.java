package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage detected from the command line, not replayed: changed bytes in an event store's data pages (page
 * checksums), a {@code summary.json} of the wrong shape beside valid observations, and tables the kernel's target
 * constructors refuse. Each is one line naming the file, exit status 2, and nothing written.
 */
class CorruptionCliTest {
    @TempDir
    Path tmp;

    private static void assertOneLine(CliRun r, String startsWith) {
        assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith(startsWith).doesNotContain("InputFile@");
    }

    @Test
    void changedBytesInAnEventStoreAreRefusedByEveryReaderOfIt() throws Exception {
        Path store = tmp.resolve("events.parquet");
        assertThat(CliRun.of("ingest", CliRun.traces().resolve("oracle-small").toString(), "-o", store.toString())
                .code()).isZero();
        assertThat(CliRun.of("info", store.toString()).code()).isZero();
        byte[] b = Files.readAllBytes(store);
        // 64 bytes from a quarter into the file: inside the first row group's column pages
        for (int i = b.length / 4; i < b.length / 4 + 64; i++) {
            b[i] ^= 0x5a;
        }
        Path damaged = tmp.resolve("damaged.parquet");
        Files.write(damaged, b);
        for (String command : new String[] {"info", "replay"}) {
            Path out = tmp.resolve("out-" + command);
            CliRun r = command.equals("info") ? CliRun.of("info", damaged.toString())
                    : CliRun.of("replay", damaged.toString(), "-o", out.toString());
            assertOneLine(r, "dmreplay: " + damaged);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void aSummaryOfTheWrongShapeIsOneLineNamingIt() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(CliRun.of("replay", CliRun.traces().resolve("oracle-small").toString(), "-o", run.toString())
                .code()).isZero();
        Path summary = run.resolve("summary.json");
        String good = Files.readString(summary);
        Files.writeString(summary, good.replaceFirst("\"seed\" : [0-9]+", "\"seed\" : \"one\""));
        assertOneLine(CliRun.of("analyze", run.toString()), "dmreplay: " + summary);
        Files.writeString(summary, "[1, 2, 3]\n");
        assertOneLine(CliRun.of("analyze", run.toString()), "dmreplay: " + summary);
        Files.writeString(summary, good.substring(0, good.length() / 2));
        assertOneLine(CliRun.of("analyze", run.toString()), "dmreplay: " + summary);
    }

    /** The mirror bundle with its table replaced; the disks are vda 256M (254:0) and vdb (254:16). */
    private CliRun replayWithTable(String table) throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("real-mirror"));
        try (Stream<Path> s = Files.list(CliRun.traces().resolve("real-mirror"))) {
            for (Path f : s.toList()) {
                Files.copy(f, bundle.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(bundle.resolve("dmsetup-table.txt"), table);
        return CliRun.of("replay", bundle.toString(), "-o", tmp.resolve("run-" + table.hashCode()).toString());
    }

    @Test
    void tablesTheMirrorConstructorRefusesNameTheTableLine() throws Exception {
        Path table = tmp.resolve("real-mirror").resolve("dmsetup-table.txt");
        CliRun region = replayWithTable("mir: 0 262144 mirror core 2 1000 nosync 2 254:0 0 254:16 0 1 handle_errors\n");
        assertOneLine(region, "dmreplay: " + table + ":1: ");
        assertThat(region.errLines()[0]).contains("region size 1000 must be a power of 2");
        CliRun keepLog = replayWithTable("mir: 0 262144 mirror core 2 1024 nosync 2 254:0 0 254:16 0 1 keep_log\n");
        assertOneLine(keepLog, "dmreplay: " + table + ":1: ");
        assertThat(keepLog.errLines()[0]).contains("keep_log needs the handle_errors feature");
        CliRun tooLong = replayWithTable("mir: 0 600000 mirror core 2 1024 nosync 2 254:0 0 254:16 0 1 handle_errors\n");
        assertOneLine(tooLong, "dmreplay: " + table + ":1: mir segment 0 (mirror): 254:0 too small for target");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("run-"));
        }
    }
}
