package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory is written as a whole, from the command line: two replays into one directory do not mix (the
 * second is refused while the first writes; a summary and observations of different replays are refused by
 * analyze), SIGTERM leaves the previous run as it was and no temporary directory, and a file-size limit
 * ({@code ulimit -f}) is one line naming the output with the previous output intact.
 */
class RunDirectoryCliTest {
    @TempDir
    static Path dir;
    static Path burst;

    @BeforeAll
    static void trace() throws Exception {
        burst = ReplayMemoryCliTest.burst(dir);
    }

    static Path oracle() {
        return CliRun.traces().resolve("oracle-small");
    }

    static List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Waits until the child has locked {@code run} and started writing (its temporary directory exists). */
    static void awaitWriting(Process p, Path run) throws Exception {
        for (int i = 0; i < 1200 && p.isAlive(); i++) {
            if (names(run.getParent()).stream().anyMatch(n -> n.startsWith("." + run.getFileName() + ".tmp-"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the child replay never started writing " + run);
    }

    @Test
    void aSummaryAndObservationsOfDifferentReplaysAreRefusedByAnalyze() throws Exception {
        Path modern = dir.resolve("mix-modern");
        Path resc = dir.resolve("mix-resc");
        assertThat(CliRun.of("replay", oracle().toString(), "--strategy", "MODERN", "-o", modern.toString()).code())
                .isZero();
        assertThat(CliRun.of("replay", oracle().toString(), "--strategy", "RESC", "-o", resc.toString()).code())
                .isZero();
        assertThat(CliRun.of("analyze", modern.toString(), "-o", dir.resolve("mix-a").toString()).code()).isZero();
        assertThat(Files.readString(modern.resolve("summary.json"))).contains("\"traceSha256\" : \"");
        Files.copy(resc.resolve("summary.json"), modern.resolve("summary.json"), StandardCopyOption.REPLACE_EXISTING);
        CliRun r = CliRun.of("analyze", modern.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).containsExactly("dmreplay: " + modern + ": summary.json and observations.parquet are"
                + " from different replays: strategy RESC in summary.json, MODERN in observations.parquet");

        Files.delete(modern.resolve("summary.json"));
        CliRun none = CliRun.of("analyze", modern.toString());
        assertThat(none.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(none.errLines()).singleElement().asString().startsWith("dmreplay: " + modern
                + ": no summary.json beside observations.parquet, which names its run (strategy MODERN, seed 1)");
    }

    @Test
    void aSecondReplayIntoADirectoryBeingWrittenIsRefusedAndTheFirstEndsWhole() throws Exception {
        Path run = dir.resolve("busy");
        Process first = ChildCli.start(dir.resolve("busy-io"), ChildCli.command(List.of("-XX:-UsePerfData"),
                "replay", burst.toString(), "--strategy", "RESC", "-o", run.toString()));
        try {
            awaitWriting(first, run);
            CliRun second = CliRun.of("replay", oracle().toString(), "--strategy", "MODERN", "-o", run.toString());
            assertThat(second.code()).isEqualTo(Main.EXIT_BAD_INPUT);
            assertThat(second.errLines()).singleElement().asString().startsWith("dmreplay: " + run
                    + ": another dmreplay is writing this run directory");
            assertThat(first.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(first.exitValue()).isZero();
        } finally {
            first.destroyForcibly();
        }
        assertThat(names(run)).containsExactly("observations.parquet", "summary.json");
        assertThat(Files.readString(run.resolve("summary.json"))).contains("\"strategy\" : \"RESC\"");
        assertThat(CliRun.of("analyze", run.toString(), "-o", dir.resolve("busy-a").toString()).code()).isZero();
    }

    @Test
    void sigtermMidReplayKeepsThePreviousRunAndLeavesNoTemporaryDirectory() throws Exception {
        Path run = dir.resolve("term");
        assertThat(CliRun.of("replay", oracle().toString(), "-o", run.toString()).code()).isZero();
        byte[] before = Files.readAllBytes(run.resolve("observations.parquet"));
        Process p = ChildCli.start(dir.resolve("term-io"), ChildCli.command(List.of("-XX:-UsePerfData"), "replay",
                burst.toString(), "-o", run.toString()));
        try {
            awaitWriting(p, run);
            p.destroy(); // SIGTERM; Ctrl-C's SIGINT runs the same shutdown hooks
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(names(dir).stream().filter(n -> n.startsWith(".term."))).containsExactly(".term.lock");
        assertThat(Files.readAllBytes(run.resolve("observations.parquet"))).isEqualTo(before);
        assertThat(CliRun.of("analyze", run.toString(), "-o", dir.resolve("term-a").toString()).code()).isZero();
    }

    @Test
    void aFileSizeLimitIsOneLineNamingTheRunDirectoryWhichKeepsThePreviousRun() throws Exception {
        Path run = dir.resolve("limited");
        assertThat(CliRun.of("replay", oracle().toString(), "-o", run.toString()).code()).isZero();
        byte[] before = Files.readAllBytes(run.resolve("observations.parquet"));
        // 1000 KiB: room for the native zstd library the JVM unpacks, not for the burst's observations
        ChildCli r = ChildCli.run(dir.resolve("limited-io"), ChildCli.underFileSizeLimit(1000,
                ChildCli.command(List.of("-XX:-UsePerfData"), "replay", burst.toString(), "-o", run.toString())));
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).containsExactly("dmreplay: cannot write " + run + " (File too large: a file-size"
                + " limit, ulimit -f, or a full file system); nothing was written, a previous one is kept as it was");
        assertThat(Files.readAllBytes(run.resolve("observations.parquet"))).isEqualTo(before);
        assertThat(names(dir).stream().filter(n -> n.startsWith(".limited."))).containsExactly(".limited.lock");
    }

    @Test
    void aFileSizeLimitIsOneLineNamingTheFileWhichKeepsThePreviousFile() throws Exception {
        Path text = dir.resolve("burst.txt");
        Files.writeString(text, "previous\n");
        ChildCli r = ChildCli.run(dir.resolve("text-io"), ChildCli.underFileSizeLimit(1000,
                ChildCli.command(List.of("-XX:-UsePerfData"), "ingest", burst.toString(), "--format", "blkparse",
                        "-o", text.toString())));
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).containsExactly("dmreplay: cannot write " + text + " (File too large: a file-size"
                + " limit, ulimit -f, or a full file system); nothing was written, a previous one is kept as it was");
        assertThat(Files.readString(text)).isEqualTo("previous\n");
        assertThat(names(dir).stream().filter(n -> n.startsWith(".burst.txt"))).isEmpty();
    }
}
