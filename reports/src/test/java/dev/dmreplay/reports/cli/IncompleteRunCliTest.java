package dev.dmreplay.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze} (and {@code report}) on what an interrupted replay leaves says "incomplete run" and what is missing. */
class IncompleteRunCliTest {
    @TempDir
    Path dir;

    @Test
    void emptyRunDirectoryIsAnIncompleteRun() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        CliRun r = CliRun.of("analyze", run.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("dmreplay: " + run + ": incomplete run: empty directory, no observations.parquet"
                + " and no summary.json"), r.err());
    }

    @Test
    void leftoverTemporaryFileIsNamed() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.write(run.resolve(".observations.parquet.tmp-999999"), new byte[] {1, 2, 3});
        CliRun r = CliRun.of("analyze", run.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("incomplete run: no observations.parquet and no summary.json, only the temporary"
                + " file .observations.parquet.tmp-999999"), r.err());
        CliRun rep = CliRun.of("report", run.toString(), "-o", dir.resolve("r.html").toString());
        assertEquals(Main.EXIT_BAD_INPUT, rep.code(), rep.err());
        assertTrue(rep.err().contains("incomplete run"), rep.err());
        assertTrue(Files.notExists(dir.resolve("r.html")));
    }

    @Test
    void summaryWithoutObservationsSaysWhatIsMissing() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.writeString(run.resolve("summary.json"), "{}\n");
        CliRun r = CliRun.of("analyze", run.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("incomplete run: observations.parquet is missing, only summary.json"), r.err());
    }

    @Test
    void aDirectoryOfOtherFilesIsStillNotATrace() throws IOException {
        Path bundle = Files.createDirectory(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("notes.txt"), "nothing\n");
        CliRun r = CliRun.of("analyze", bundle.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("no traces in directory"), r.err());
    }
}
