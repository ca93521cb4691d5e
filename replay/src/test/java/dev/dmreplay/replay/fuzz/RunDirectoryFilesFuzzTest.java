package dev.dmreplay.replay.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.io.BadInputException;
import dev.dmreplay.replay.observe.ObservationReader;
import dev.dmreplay.replay.run.RunSummaryFile;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The readers of what a run directory and a scenario hold, over arbitrary bytes: {@code summary.json}
 * ({@link RunSummaryFile#read}), {@code observations.parquet} ({@link ObservationReader}) and scenario files
 * ({@link ScenarioLoader#parse}). Invariant: the only way to refuse an input is a {@link BadInputException} (one
 * line naming the file); any other exception, an {@link IOException} included, is a finding. Input layout: one
 * byte choosing the reader, then the file's bytes.
 */
class RunDirectoryFilesFuzzTest {
    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void files(FuzzedDataProvider data) throws IOException {
        int which = data.consumeInt(0, 2);
        byte[] bytes = data.consumeRemainingAsBytes();
        Path dir = Files.createTempDirectory("fuzz-run");
        try {
            switch (which) {
                case 0 -> {
                    Path f = Files.write(dir.resolve("summary.json"), bytes);
                    try {
                        RunSummaryFile.read(f);
                    } catch (BadInputException refused) {
                        // the documented refusal
                    }
                }
                case 1 -> {
                    Path f = Files.write(dir.resolve("observations.parquet"), bytes);
                    try (ObservationReader r = ObservationReader.open(f)) {
                        for (int i = 0; i < 1 << 16 && r.next() != null; i++) {
                            // read to the end
                        }
                    } catch (BadInputException refused) {
                        // the documented refusal
                    }
                }
                default -> {
                    try {
                        ScenarioLoader.parse("fuzz.yaml", new String(bytes, StandardCharsets.UTF_8));
                    } catch (BadInputException refused) {
                        // the documented refusal
                    }
                }
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
