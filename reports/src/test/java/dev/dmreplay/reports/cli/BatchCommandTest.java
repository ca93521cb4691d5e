package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.reports.render.HtmlChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmreplay batch} over a list with one bad input: the rest runs, the failure is counted, exit 2. */
class BatchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void oneBadInputIsReportedAndTheOthersStillRun() throws Exception {
        Path bad = Files.write(tmp.resolve("broken.blktrace.0"), new byte[] {0x65, 0x61, 0x74, 0x00, 1, 2, 3});
        Path list = Files.write(tmp.resolve("traces.list"), List.of(
                "# two good bundles and a broken per-CPU file",
                CliRun.traces().resolve("oracle-small").toString(),
                "broken.blktrace.0",
                CliRun.traces().resolve("linear-small").toString()));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("batch", list.toString(), "-o", out.toString(), "--strategy", "DF");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("oracle-small: ok DF=FINE", "broken: FAILED: ", "3 trace(s), 1 failed");
        assertThat(r.err()).contains("1 of 3 trace(s) failed").doesNotContain("Exception");

        List<String> csv = Files.readAllLines(out.resolve("index.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).isEqualTo("trace,input,status,error,events,ios,duration_ms,q2c_mean_ms,q2c_p99_ms,"
                + "outcome_DF");
        assertThat(csv.get(1)).startsWith("oracle-small,").contains(",ok,,8540,2156,73.134,").endsWith(",FINE");
        assertThat(csv.get(2)).startsWith("broken,").contains(",failed,").contains(bad.getFileName().toString());
        assertThat(csv.get(3)).startsWith("linear-small,").contains(",ok,");
        for (String f : new String[] {"oracle-small/report.html", "oracle-small/info.json",
            "oracle-small/analysis.json", "oracle-small/runs/DF/summary.json", "linear-small/report.html"}) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(out.resolve("broken")).doesNotExist();
        String index = Files.readString(out.resolve("index.html"));
        HtmlChecks.assertWellFormed(index);
        assertThat(index).contains("href=\"oracle-small/report.html\"", "class=\"failed\"");
        HtmlChecks.assertWellFormed(Files.readString(out.resolve("oracle-small/report.html")));
    }

    @Test
    void aDirectoryOfTracesIsExpandedAndAllGoodExitsZero() throws Exception {
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

        CliRun r = CliRun.of("batch", parent.toString(), "-o", tmp.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("many: ok", "1 trace(s), 0 failed");
        assertThat(tmp.resolve("out/many/intervals.csv")).isRegularFile();
    }
}
