package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batch --memory-per-run} and {@code --wall-limit}: a run over its bound is a row with the reason. */
class BatchLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void aRunOverItsHeapIsFailedWithTheReasonAndTheOthersFinishAsInProcess() throws Exception {
        Path list = Files.write(tmp.resolve("list.txt"), List.of(CliRun.traces().resolve("oracle-small").toString(),
                CliRun.traces().resolve("linear-small").toString()));
        Path child = tmp.resolve("child");
        CliRun r = CliRun.of("batch", list.toString(), "-o", child.toString(), "--strategy", "DF", "-j", "2",
                "--memory-per-run", "256m");
        assertThat(r.code()).as(r.err()).isZero();
        Path same = tmp.resolve("same");
        CliRun in = CliRun.of("batch", list.toString(), "-o", same.toString(), "--strategy", "DF", "-j", "1");
        assertThat(in.code()).as(in.err()).isZero();
        // a child JVM per run gives the same table as the runs in this JVM
        assertThat(Files.readAllBytes(child.resolve("runs.csv"))).isEqualTo(Files.readAllBytes(same.resolve("runs.csv")));
        assertThat(child.resolve("runs/oracle-small/DF/none/summary.json")).isRegularFile();

        Path small = tmp.resolve("small");
        CliRun s = CliRun.of("batch", list.toString(), "-o", small.toString(), "--strategy", "DF", "-j", "2",
                "--memory-per-run", "16m");
        assertThat(s.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        List<String> csv = Files.readAllLines(small.resolve("runs.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).contains(",FAILED,").contains("out of memory: the run needs more than --memory-per-run"
                + " 16 MiB of heap");
    }

    @Test
    void theWallLimitStopsARunInItsSetup() throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("batch", CliRun.traces().resolve("oracle-small").toString(), "-o", out.toString(),
                "--strategy", "DF", "--wall-limit", "1ns");
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        List<String> csv = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(csv.get(1)).contains(",TIMEOUT,").contains("wall-clock limit of 0.000 s reached");
        // stopped before the model ran: no summary of a run
        assertThat(out.resolve("runs/oracle-small/DF/none/summary.json")).doesNotExist();
    }

    @Test
    void badSizesAreRefused() {
        CliRun r = CliRun.of("batch", CliRun.traces().resolve("oracle-small").toString(), "-o",
                tmp.resolve("o").toString(), "--memory-per-run", "lots");
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--memory-per-run").contains("512m");
        assertThat(BatchCommand.heapBytes("2g")).isEqualTo(2L << 30);
        assertThat(BatchCommand.heapBytes("512m")).isEqualTo(512L << 20);
    }
}
