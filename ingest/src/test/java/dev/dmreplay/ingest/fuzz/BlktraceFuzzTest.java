package dev.dmreplay.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The binary blktrace reader over arbitrary bytes, as a per-CPU file ({@code x.blktrace.0}) or a merged dump.
 * Input layout: the file's bytes, then one trailing byte whose bit 0 picks lenient mode, bit 1 a
 * merged-dump name instead of a per-CPU one.
 */
class BlktraceFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("dmreplay-fuzz-blktrace");
    }

    @AfterAll
    static void removeDir() throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void blktrace(FuzzedDataProvider data) throws IOException {
        int flags = data.consumeByte();
        boolean lenient = (flags & 1) != 0;
        boolean perCpu = (flags & 2) == 0;
        byte[] bytes = data.consumeRemainingAsBytes();
        Path file = dir.resolve(perCpu ? "fuzz.blktrace.0" : "fuzz.bin");
        Files.write(file, bytes);
        try {
            if (lenient) {
                Drain.drainLenient(() -> BlktraceSource.open(file, ReadOptions.LENIENT));
            } else {
                Drain.drain(() -> BlktraceSource.open(file, ReadOptions.STRICT));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
