package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace submitting 100,000 bios at one instant (0.6 MB gzipped) replayed in a child JVM with a 32 MiB heap: the
 * admission bound keeps the replay within it and says how it shaped the replay; without the bound the heap runs
 * out, which is one line and exit 3 with nothing written.
 */
class ReplayMemoryCliTest {
    static final int BIOS = 100_000;
    static final List<String> SMALL_HEAP = List.of("-Xmx32m", "-XX:-UsePerfData");

    @TempDir
    static Path dir;
    static Path trace;

    @BeforeAll
    static void burst() throws IOException {
        trace = burst(dir);
    }

    /** Writes the burst trace (and its table) under {@code in}; returns the trace file. */
    static Path burst(Path in) throws IOException {
        Path b = Files.createDirectories(in.resolve("burst"));
        Files.writeString(b.resolve("dmsetup_table.txt"), "lin: 0 67108864 linear 254:0 0\n");
        Path trace = b.resolve("burst.txt.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(trace), 1 << 16);
             PrintStream p = new PrintStream(os, false, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < BIOS; i++) {
                p.printf("253,0    0 %8d     0.000000000  4242  Q   W %d + 8 [fio]%n", i + 1, (long) i * 8);
            }
        }
        return trace;
    }

    @Test
    void aBurstAtOneInstantReplaysInASmallHeapAndTheSummarySaysTheBoundShapedIt() throws Exception {
        Path run = dir.resolve("bounded");
        ChildCli r = ChildCli.run(dir.resolve("bounded-io"), ChildCli.command(SMALL_HEAP, "replay", trace.toString(),
                "--no-observations", "-o", run.toString()));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("bios completed " + BIOS + " of " + BIOS + " submitted")
                .contains("admission bound shaped the replay: " + (BIOS - 10240) + " bios to lin submitted late behind"
                        + " a wait for one of 10240 in-flight slots (BLK_MQ_MAX_DEPTH, no completions recorded)")
                .contains("outcome FINE");
        assertThat(Files.readString(run.resolve("summary.json"))).contains("\"delayed\" : " + (BIOS - 10240))
                .contains("\"source\" : \"CONSTANT\"");
    }

    @Test
    void withoutTheBoundTheHeapRunsOutWithOneLineExitThreeAndNothingWritten() throws Exception {
        Path run = dir.resolve("unbounded");
        ChildCli r = ChildCli.run(dir.resolve("unbounded-io"), ChildCli.command(SMALL_HEAP, "replay",
                trace.toString(), "--max-in-flight", "1000000000", "-o", run.toString()));
        assertThat(r.code()).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("dmreplay: out of memory (Java heap space, heap limit ")
                .contains("--max-in-flight");
        assertThat(r.out()).isEmpty();
        if (Files.exists(run)) {
            try (Stream<Path> s = Files.list(run)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).isEmpty();
            }
        }
    }
}
