package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.reports.render.HtmlChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmreplay batch}: the run matrix with a bad trace among good ones, byte-identical tables whatever {@code -j},
 * resuming, and the time limits.
 */
class BatchCommandTest {
    @TempDir
    Path tmp;

    private Path listWithOneBadTrace() throws Exception {
        Files.write(tmp.resolve("broken.blktrace.0"), new byte[] {0x65, 0x61, 0x74, 0x00, 1, 2, 3});
        return Files.write(tmp.resolve("traces.list"), List.of(
                "# two good bundles and a broken per-CPU file",
                CliRun.traces().resolve("oracle-small").toString(),
                "broken.blktrace.0",
                CliRun.traces().resolve("linear-small").toString()));
    }

    @Test
    void aBadTraceGivesFailedRowsTheOthersFinishAndTheTablesDoNotDependOnJ() throws Exception {
        Path list = listWithOneBadTrace();
        Path out1 = tmp.resolve("out1");
        CliRun r = CliRun.of("batch", list.toString(), "-o", out1.toString(), "--strategy", "BARE,DF",
                "--pressure", "none,hard", "-j", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("3 trace(s), 12 run(s): 12 run now, 0 already finished, 4 failed");
        assertThat(r.err()).contains("broken BARE none: FAILED (", "4 of 12 run(s) failed").doesNotContain("Exception");

        List<String> csv = Files.readAllLines(out1.resolve("runs.csv"));
        assertThat(csv).hasSize(13);
        assertThat(csv.get(0)).isEqualTo("trace,input,strategy,pressure,knobs,outcome,error,completed,submitted,"
                + "q2c_p50_ns,q2c_p99_ns,end_time_ns,chain,pools");
        // traces outermost, then strategies, then pressures, in the order given
        assertThat(csv.get(1)).startsWith("oracle-small,").contains(",BARE,none,").contains(",FINE,,");
        String[] fine = csv.get(1).split(",FINE,,")[1].split(",");
        assertThat(Long.parseLong(fine[0])).as("completed").isPositive().isEqualTo(Long.parseLong(fine[1]));
        assertThat(csv.get(2)).startsWith("oracle-small,").contains(",BARE,hard,").containsPattern(",(MEMORY_)?DEADLOCK,,");
        assertThat(csv.get(3)).contains(",DF,none,").contains(",FINE,,");
        assertThat(csv.get(4)).contains(",DF,hard,").contains(",FINE,");
        for (int i = 5; i <= 8; i++) {
            assertThat(csv.get(i)).startsWith("broken,").contains(",FAILED,").contains("broken.blktrace.0");
        }
        assertThat(csv.get(9)).startsWith("linear-small,").contains(",BARE,none,");
        assertThat(csv.get(1)).contains("\"[{\"\"pool\"\":");
        assertThat(out1.resolve("runs/oracle-small/DF/none/summary.json")).isRegularFile();
        assertThat(out1.resolve("runs/oracle-small/DF/none/observations.parquet")).isRegularFile();
        assertThat(out1.resolve("runs/broken/DF/none/row.json")).isRegularFile();
        String index = Files.readString(out1.resolve("index.html"));
        HtmlChecks.assertWellFormed(index);
        assertThat(index).contains("href=\"runs/oracle-small/DF/hard/summary.json\"", "class=\"failed\"",
                "href=\"runs.parquet\"", "3 trace(s), 12 run(s), 4 failed");

        Path out2 = tmp.resolve("out2");
        CliRun r2 = CliRun.of("batch", list.toString(), "-o", out2.toString(), "--strategy", "BARE,DF",
                "--pressure", "none,hard", "-j", "3");
        assertThat(r2.code()).isEqualTo(2);
        for (String f : new String[] {"runs.parquet", "runs.csv", "index.html",
            "runs/oracle-small/BARE/hard/observations.parquet", "runs/linear-small/DF/none/summary.json"}) {
            assertThat(Files.readAllBytes(out2.resolve(f))).as(f).isEqualTo(Files.readAllBytes(out1.resolve(f)));
        }
    }

    @Test
    void aFinishedBatchIsNotRunAgainAndAnInterruptedRunIsRedone() throws Exception {
        Path trace = CliRun.traces().resolve("oracle-small");
        Path out = tmp.resolve("out");
        String[] args = {"batch", trace.toString(), "-o", out.toString(), "--strategy", "DF,MODERN", "-j", "2"};
        CliRun first = CliRun.of(args);
        assertThat(first.code()).as(first.err()).isZero();
        byte[] table = Files.readAllBytes(out.resolve("runs.parquet"));
        long modified = Files.getLastModifiedTime(out.resolve("runs.csv")).toMillis();

        CliRun again = CliRun.of(args);
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("nothing to do: all 2 run(s) already finished");
        assertThat(Files.getLastModifiedTime(out.resolve("runs.csv")).toMillis()).isEqualTo(modified);

        // an interrupted run: its directory holds a partial file and no row.json
        Path run = out.resolve("runs/oracle-small/MODERN/none");
        Files.delete(run.resolve("row.json"));
        Files.delete(run.resolve("summary.json"));
        Files.writeString(run.resolve("observations.parquet.tmp"), "partial");
        CliRun resumed = CliRun.of(args);
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("2 run(s): 1 run now, 1 already finished, 0 failed");
        assertThat(run.resolve("observations.parquet.tmp")).doesNotExist();
        assertThat(run.resolve("row.json")).isRegularFile();
        assertThat(Files.readAllBytes(out.resolve("runs.parquet"))).isEqualTo(table);
    }

    @Test
    void runsOverTheirTimeLimitsAreRecorded() throws Exception {
        Path trace = CliRun.traces().resolve("oracle-small");
        Path virtual = tmp.resolve("virtual");
        CliRun r = CliRun.of("batch", trace.toString(), "-o", virtual.toString(), "--strategy", "DF",
                "--time-limit", "5ms", "--no-observations");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(virtual.resolve("runs.csv"));
        assertThat(csv.get(1)).contains(",INCOMPLETE,");
        assertThat(virtual.resolve("runs/oracle-small/DF/none/observations.parquet")).doesNotExist();

        Path wall = tmp.resolve("wall");
        CliRun w = CliRun.of("batch", trace.toString(), "-o", wall.toString(), "--strategy", "DF",
                "--wall-limit", "1ns", "--no-observations");
        assertThat(w.code()).isEqualTo(2);
        assertThat(Files.readAllLines(wall.resolve("runs.csv")).get(1)).contains(",TIMEOUT,wall-clock limit");
    }

    @Test
    void aDirectoryOfTracesIsExpanded() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("many"));
        Path src = CliRun.traces().resolve("oracle-small");
        for (String cpu : new String[] {"0", "1"}) {
            Files.copy(src.resolve("sda.blktrace." + cpu), dir.resolve("sda.blktrace." + cpu));
            Files.copy(src.resolve("sdb.blktrace." + cpu), dir.resolve("sdb.blktrace." + cpu));
        }
        assertThat(BatchInputs.expand(List.of(dir))).containsExactly(dir); // per-CPU files: one trace
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Files.move(dir, parent.resolve("many"));
        Files.writeString(parent.resolve("README.md"), "not a trace");
        assertThat(BatchInputs.expand(List.of(parent))).containsExactly(parent.resolve("many"));
    }

    @Test
    void badArgumentsExitTwoBeforeAnyRun() {
        CliRun r = CliRun.of("batch", CliRun.traces().resolve("oracle-small").toString(), "-o",
                tmp.resolve("o").toString(), "--strategy", "NOPE");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown strategy 'NOPE'");
        assertThat(tmp.resolve("o")).doesNotExist();
    }
}
