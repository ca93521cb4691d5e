package dev.dmreplay.analyze.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.analyze.run.RunAnalysis;
import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.analyze.run.RunReportText;
import dev.dmreplay.ingest.io.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run-directory reader as {@code dmreplay analyze} uses it ({@link RunDirectory#open}, which checks that the
 * observations and the summary name the same run, then {@link RunDirectory#analyze} and the text report) over a
 * directory whose {@code observations.parquet} and {@code summary.json} are arbitrary bytes. Invariant: a directory
 * is either analysed or refused with a {@link BadInputException} (one line naming the file); any other exception,
 * an {@link IOException} included, is a finding.
 *
 * <p>Input layout: a 4-byte big-endian length {@code n}, then {@code n} bytes of {@code observations.parquet} (as
 * many as there are when fewer), then the bytes of {@code summary.json}; no bytes after the observations means no
 * summary file. The seeds are real run directories written by {@code dmreplay replay -o}, so the fuzzer starts
 * from files that pass the identity check.
 */
class RunDirectoryFuzzTest {
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void runDirectory(byte[] input) throws IOException {
        if (input.length < 4) {
            return;
        }
        int n = (int) Math.min(Integer.toUnsignedLong(ByteBuffer.wrap(input, 0, 4).getInt()), input.length - 4L);
        byte[] observations = Arrays.copyOfRange(input, 4, 4 + n);
        byte[] summary = Arrays.copyOfRange(input, 4 + n, input.length);
        // one directory for every input (JUnit removes it): this input's files replace the previous input's
        Files.write(dir.resolve(RunDirectory.OBSERVATIONS), observations);
        if (summary.length > 0) {
            Files.write(dir.resolve(RunDirectory.SUMMARY), summary);
        } else {
            Files.deleteIfExists(dir.resolve(RunDirectory.SUMMARY));
        }
        try {
            RunReportText.render(RunDirectory.open(dir).analyze(RunAnalysis.Options.defaults()));
        } catch (BadInputException refused) {
            // the documented refusal
        }
    }
}
