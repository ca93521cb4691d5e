package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.reports.render.HtmlChecks;
import dev.dmreplay.reports.render.HtmlReport;
import dev.dmreplay.reports.render.OutputFiles;
import dev.dmreplay.reports.render.ReportModel;
import dev.dmreplay.reports.render.TraceInfoJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report of a trace and the scenario matrix: deterministic, well-formed, escaped, self-contained. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    private static final String NASTY = "a<b>&\"c'";

    @Test
    void fidelityAddsTheModelAgainstTheKernelForABundleTracedWithItsDisks() throws Exception {
        Path out = tmp.resolve("fidelity.html");
        CliRun r = CliRun.of("report", CliRun.traces().resolve("real-stacked").toString(), "--fidelity", "-o",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out);
        HtmlChecks.assertWellFormed(html);
        assertThat(html).contains("Trace real-stacked", "Fidelity: real-stacked",
                "1347 of 1347 top-level bios exact (100.00 %)", "Lower bios per target type", "striped",
                "Q2C per device, model against kernel", "Requests dispatched per disk");
        // without the option, the trace alone
        Path plain = tmp.resolve("plain.html");
        assertThat(CliRun.of("report", CliRun.traces().resolve("real-stacked").toString(), "-o", plain.toString())
                .code()).isZero();
        assertThat(Files.readString(plain)).contains("Trace real-stacked").doesNotContain("Fidelity");
    }

    @Test
    void rendersTheSameBytesTwiceWellFormedAndEscaped() throws Exception {
        Path trace = CliRun.traces().resolve("oracle-small");
        ReportModel.TraceData t = ReportSources.trace(trace, false, new PrintWriter(new StringWriter()));
        ReportModel.TraceData named = new ReportModel.TraceData(NASTY, t.info(), t.analysis(), t.timeline());
        ReportModel.ScenarioData s = ReportSources.scenarios(CliRun.traces().resolve("scenarios"));
        ReportModel m = new ReportModel("title " + NASTY, List.of("summary " + NASTY), List.of(named), s, List.of(),
                null);

        String first = HtmlReport.render(m);
        String second = HtmlReport.render(m);
        assertThat(second).isEqualTo(first);
        // a fresh read of the same trace renders identically too (no state left in the chart library)
        ReportModel.TraceData again = ReportSources.trace(trace, false, null);
        ReportModel m2 = new ReportModel("title " + NASTY, List.of("summary " + NASTY),
                List.of(new ReportModel.TraceData(NASTY, again.info(), again.analysis(), again.timeline())), s,
                List.of(), null);
        assertThat(HtmlReport.render(m2)).isEqualTo(first);

        HtmlChecks.assertWellFormed(first);
        assertThat(first).doesNotContain(NASTY).contains("a&lt;b&gt;&amp;&quot;c&#39;");
        assertThat(first).doesNotContain("<script", "src=", "href=\"http", "url(http", "@import");
        assertThat(first).contains("Trace a&lt;b", "What the trace holds", "vg0-lv0", "striped",
                "Latency (btt-compatible)", "Q2C", "Latency over time", "Queue depth over time",
                "Per-layer attribution", "Scenario matrix", "class=\"MEMORY_DEADLOCK\"", "class=\"FINE\"",
                "Wait-for chains", "All outcomes as the scenarios expect");
        // latency, queue depth, throughput, IOPS and an offset map per device (two); the trace's DM stack; a
        // diagram beside each wait-for chain of the matrix
        int chains = first.split("<pre class=\"chain\">", -1).length - 1;
        assertThat(chains).isGreaterThan(20);
        assertThat(first.split("class=\"stack\"", -1)).hasSize(1 + 1);
        assertThat(first.split("<svg ", -1)).hasSize(1 + 6 + 1 + chains);

        Path out = tmp.resolve("r/report.html");
        HtmlReport.write(m, out);
        assertThat(Files.readString(out)).isEqualTo(first);
        try (var files = Files.list(out.getParent())) {
            assertThat(files.toList()).containsExactly(out); // no temporary file left behind
        }
    }

    @Test
    void onePassAnalysisAgreesWithAnalyze() throws Exception {
        Path trace = CliRun.traces().resolve("oracle-small");
        ReportModel.TraceData t = ReportSources.trace(trace, false, null);
        CliRun btt = CliRun.of("analyze", "--btt", trace.toString());
        assertThat(btt.code()).as(btt.err()).isZero();
        assertThat(t.analysis().bttReport(true)).isEqualTo(btt.out());
        CliRun info = CliRun.of("info", "--json", trace.toString());
        assertThat(info.out().strip()).isEqualTo(OutputFiles.JSON.writeValueAsString(TraceInfoJson.tree(t.info())));
    }

    @Test
    void reportCommandWritesTheFileAndRejectsMissingInputs() throws Exception {
        Path out = tmp.resolve("report.html");
        CliRun r = CliRun.of("report", CliRun.traces().resolve("linear-small").toString(),
                CliRun.traces().resolve("scenarios").resolve("S1.yaml").toString(), "-o", out.toString(),
                "--title", "two <inputs>");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("report written to");
        String html = Files.readString(out);
        HtmlChecks.assertWellFormed(html);
        assertThat(html).contains("<title>two &lt;inputs&gt;</title>", "Trace linear-small", "Scenario matrix",
                ">S1<");

        CliRun bad = CliRun.of("report", tmp.resolve("nope").toString(), "-o", tmp.resolve("x.html").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("no such file").doesNotContain("Exception");
        assertThat(tmp.resolve("x.html")).doesNotExist();

        Path garbage = Files.write(tmp.resolve("garbage.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        CliRun g = CliRun.of("report", garbage.toString(), "-o", tmp.resolve("g.html").toString());
        assertThat(g.code()).isEqualTo(2);
        assertThat(g.errLines()).hasSize(1);
        assertThat(tmp.resolve("g.html")).doesNotExist();
    }
}
