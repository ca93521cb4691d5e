package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays the bundled oracle-small trace under two strategies, analyzes each run and compares them. */
class CompareCommandTest {
    @TempDir
    Path tmp;

    private Path replay(String strategy, String pressure) {
        Path trace = CliRun.traces().resolve("oracle-small");
        Path out = tmp.resolve(strategy + "-" + pressure);
        CliRun r = CliRun.of("replay", trace.toString(), "--strategy", strategy, "--pressure", pressure,
                "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("observations.parquet")).exists();
        return out;
    }

    @Test
    void analyzeAndCompareReplayRuns() throws Exception {
        Path bare = replay("BARE", "none");
        Path df = replay("DF", "none");

        CliRun a = CliRun.of("analyze", bare.toString(), "--stall-threshold", "50ms");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).contains("Replay run BARE-none", "strategy: BARE", "Top-level bios",
                "Mempools and biosets", "Waits longer than 50.00 ms");
        JsonNode j = new ObjectMapper().readTree(bare.resolve("run-analysis.json").toFile());
        JsonNode summary = new ObjectMapper().readTree(bare.resolve("summary.json").toFile());
        // the streaming analysis agrees with the replay's own counters
        assertThat(j.at("/latency/submitted").asLong()).isEqualTo(summary.at("/result/submitted").asLong());
        assertThat(j.at("/latency/completed").asLong()).isEqualTo(summary.at("/result/completed").asLong());
        assertThat(j.at("/latency/q2c/max").asLong()).isEqualTo(summary.at("/result/maxLatencyNs").asLong());
        assertThat(j.at("/latency/q2c/mean").asLong()).isEqualTo(summary.at("/result/meanLatencyNs").asLong());
        for (String f : new String[] {"pools.csv", "pool-timeline.csv", "waits.csv", "rescue-lists.csv"}) {
            assertThat(bare.resolve(f)).exists();
        }
        byte[] first = Files.readAllBytes(bare.resolve("run-analysis.json"));
        CliRun again = CliRun.of("analyze", bare.toString(), "--stall-threshold", "50ms", "-o",
                tmp.resolve("again").toString());
        assertThat(again.out()).isEqualTo(a.out());
        assertThat(Files.readAllBytes(tmp.resolve("again/run-analysis.json"))).isEqualTo(first);

        CliRun c = CliRun.of("compare", bare.toString(), df.toString(), "--csv", tmp.resolve("csv").toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("Comparison of 2 runs", "latency of top-level bios", "BARE-none", "DF-none",
                "Q2C p99", "strategy");
        assertThat(tmp.resolve("csv/compare-latency-of-top-level-bios.csv")).exists();
        assertThat(Files.readString(tmp.resolve("csv/compare-run.csv"))).startsWith("metric,unit,BARE-none,DF-none,best");
        assertThat(Files.readString(tmp.resolve("csv/compare-latency-of-top-level-bios.csv")))
                .containsPattern("\nQ2C p99,ns,\\d+,\\d+,").doesNotContain(" us");

        Path trace = CliRun.traces().resolve("oracle-small");
        CliRun withTrace = CliRun.of("analyze", df.toString(), "--trace", trace.toString());
        assertThat(withTrace.code()).as(withTrace.err()).isZero();
        assertThat(withTrace.out()).contains("recorded trace oracle-small, Q2Cdm: n=", "replay / recorded: mean ");
        JsonNode rj = new ObjectMapper().readTree(df.resolve("run-analysis.json").toFile());
        assertThat(rj.at("/recorded/count").asLong()).isPositive();
        CliRun ct = CliRun.of("compare", bare.toString(), df.toString(), "--trace", trace.toString());
        assertThat(ct.out()).contains("Q2C p99 / recorded");
        // Without --trace, the runs' summaries name the trace they replayed: the same comparison.
        CliRun implicit = CliRun.of("compare", bare.toString(), df.toString());
        assertThat(implicit.code()).as(implicit.err()).isZero();
        assertThat(implicit.out()).isEqualTo(ct.out());

        // report shows the same comparison in its HTML: with --trace, and without it from the run's summary
        Path html = tmp.resolve("run.html");
        CliRun rt = CliRun.of("report", df.toString(), "--trace", trace.toString(), "-o", html.toString());
        assertThat(rt.code()).as(rt.err()).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("Against the recorded trace", "recorded Q2Cdm", "replay / recorded");
        Path implicitHtml = tmp.resolve("implicit.html");
        assertThat(CliRun.of("report", df.toString(), "-o", implicitHtml.toString()).code()).isZero();
        assertThat(Files.readString(implicitHtml)).isEqualTo(page);
        CliRun missing = CliRun.of("report", df.toString(), "--trace", tmp.resolve("nope").toString(), "-o",
                tmp.resolve("missing.html").toString());
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err().strip()).contains("nope").doesNotContain("\n", "Exception");
        assertThat(tmp.resolve("missing.html")).doesNotExist();

        CliRun js = CliRun.of("compare", bare.toString(), df.toString(), "--json");
        assertThat(js.code()).isZero();
        JsonNode cj = new ObjectMapper().readTree(js.out());
        assertThat(cj.get("runs")).hasSize(2);
        assertThat(cj.at("/sections/0/rows/0/metric").asText()).isEqualTo("trace");
        assertThat(cj.at("/sections/0/rows/0/values/0").asText()).isEqualTo("oracle-small");
        assertThat(cj.at("/sections/0/rows/1/values/0").asText()).isEqualTo("BARE");
        assertThat(cj.at("/sections/0/rows/1/values/1").asText()).isEqualTo("DF");
        assertThat(CliRun.of("compare", bare.toString(), df.toString(), "--json").out()).isEqualTo(js.out());
    }

    @Test
    void badRunDirectoriesAreOneLineErrors() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun r = CliRun.of("compare", empty.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no observations.parquet").doesNotContain("Exception");

        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("observations.parquet"), "not parquet at all");
        CliRun b = CliRun.of("analyze", bad.toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("observations.parquet").contains("Parquet magic");
        assertThat(bad.resolve("run-analysis.json")).doesNotExist();

        CliRun t = CliRun.of("compare", empty.toString(), "--stall-threshold", "soon");
        assertThat(t.code()).isEqualTo(2);
    }
}
