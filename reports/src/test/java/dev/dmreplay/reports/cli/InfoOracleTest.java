package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code info}'s counts against the real blkparse's output on the golden sets of the ingest module
 * ({@code ingest/src/test/resources/golden/<set>}: per-CPU trace, {@code blkparse -d} dump, and the
 * {@code default.txt} blkparse printed; see the README there for the commands).
 */
class InfoOracleTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Path golden(String set) {
        return CliRun.traces().getParent().resolve("ingest/src/test/resources/golden").resolve(set);
    }

    /** Sum of blkparse's {@code Events (<dev>): N entries} lines. */
    static long blkparseEvents(String text) {
        return text.lines().filter(l -> l.startsWith("Events ("))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf("): ") + 3, l.indexOf(" entries")))).sum();
    }

    /** Event lines whose action field is Q (the 6th whitespace-separated field). */
    static long blkparseQueued(String text) {
        return text.lines().takeWhile(l -> !l.startsWith("CPU")).map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length > 5 && f[5].equals("Q")).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "small", "small-be", "small-linear"})
    void eventsAndIosMatchBlkparseForPerCpuFilesAndTheDump(String set) throws IOException {
        String text = Files.readString(golden(set).resolve("default.txt"), StandardCharsets.ISO_8859_1);
        long events = blkparseEvents(text);
        long queued = blkparseQueued(text);
        assertThat(events).isPositive();
        for (Path input : new Path[] {golden(set).resolve("trace"), golden(set).resolve("bp.bin")}) {
            CliRun r = CliRun.of("info", "--json", input.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode j = JSON.readTree(r.out());
            assertThat(j.path("events").asLong()).as(input.toString()).isEqualTo(events);
            assertThat(j.path("ios").asLong()).as(input.toString()).isEqualTo(queued);
        }
    }
}
