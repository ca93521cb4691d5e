package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmreplay.reports.render.HtmlChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmreplay demo} end to end in a temporary directory. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondDemoIntoTheSameDirectoryReplacesTheFirstWithTheSameReport() throws Exception {
        Path out = tmp.resolve("again");
        String[] args = {"demo", "-o", out.toString(), "--traces", CliRun.traces().toString(), "--schedules", "1"};
        CliRun first = CliRun.of(args);
        assertThat(first.code()).as(first.err()).isZero();
        byte[] report = Files.readAllBytes(out.resolve("report.html"));
        CliRun second = CliRun.of(args);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(Files.readAllBytes(out.resolve("report.html"))).isEqualTo(report);
    }

    @Test
    void demoWritesTheReportJsonAndRunsAndPrintsASummary() throws Exception {
        Path out = tmp.resolve("demo-out");
        CliRun r = CliRun.of("demo", "-o", out.toString(), "--traces", CliRun.traces().toString());
        long scenarios;
        try (var files = Files.list(CliRun.traces().resolve("scenarios"))) {
            scenarios = files.filter(f -> f.toString().endsWith(".yaml")).count();
        }
        long scenarioRuns = 0; // every scenario under the strategies its file lists (the claims table's seven, or
        // the four of the 2025 ordering question for S9-S11)
        for (var s : dev.dmreplay.replay.scenario.ScenarioLoader.loadAll(CliRun.traces().resolve("scenarios"))) {
            scenarioRuns += s.strategies().size();
        }
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trace oracle-small: 8540 events, 2156 queued I/Os",
                "latency (btt, all devices): Q2C mean",
                "scenarios: " + scenarios + " scenarios, " + scenarioRuns + " runs:", "all as expected",
                "replay BARE   pressure hard  MEMORY_DEADLOCK", "mempool md->bs of vg0-lv0",
                "replay MODERN pressure none  FINE: 1004 of 1004 bios completed",
                "lowest top-level Q2C p99 among runs that completed every bio", "report: " + out.resolve("report.html"),
                "fidelity real-stacked: 1347 of 1347 top-level bios with the kernel's lower bios (100.00 %)",
                "fidelity real-thin-passdown: 1315 of 1315 top-level bios");
        for (String f : new String[] {"report.html", "info.json", "scenarios.json", "comparison.json", "demo.json",
            "analysis/analysis.json", "analysis/latency-per-second.csv", "runs/BARE-none/summary.json",
            "runs/BARE-hard/run-analysis.json", "runs/DF-hard/observations.parquet", "runs/MODERN-hard/pools.csv",
            "fidelity-real-stacked.json", "fidelity-real-thin-passdown.json"}) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode demo = json.readTree(out.resolve("demo.json").toFile());
        assertThat(demo.get("summary").size()).isEqualTo(r.out().split("\n").length - 1);
        assertThat(json.readTree(out.resolve("comparison.json").toFile()).get("runs")).hasSize(8);
        assertThat(json.readTree(out.resolve("scenarios.json").toFile())).hasSize((int) scenarioRuns);
        JsonNode fidelity = json.readTree(out.resolve("fidelity-real-stacked.json").toFile());
        assertThat(fidelity.get("trace").asText()).isEqualTo("traces/real-stacked"); // not this machine's path
        assertThat(fidelity.get("matched").asLong()).isEqualTo(fidelity.get("bios").asLong()).isEqualTo(1347);

        String html = Files.readString(out.resolve("report.html"));
        HtmlChecks.assertWellFormed(html);
        assertThat(html).contains("Replay run BARE-hard", "Pool occupancy", "Deadlock: the wait-for chain",
                "mempool md-&gt;bs of vg0-lv0", "Comparison of the runs", "class=\"num best\"", "Scenario matrix",
                "Trace oracle-small", "Fidelity real-stacked", "Fidelity real-thin-passdown",
                "Lower bios per target type", "Q2C per device, model against kernel");
        // the DM stack: once in the trace section, once per run (with that run's pools); every wait-for chain
        // (the BARE-hard run's and the scenario matrix's) has its diagram beside its text
        int stacks = html.split("class=\"stack\"", -1).length - 1;
        int chains = html.split("<pre class=\"chain\">", -1).length - 1;
        int chainDiagrams = html.split("class=\"chaindiagram\"", -1).length - 1;
        assertThat(stacks).isEqualTo(1 + 8);
        assertThat(chains).isGreaterThan(20);
        assertThat(chainDiagrams).isEqualTo(chains);
        assertThat(html).contains("md-&gt;io_bs: reserve 16", "vg0-lv0 q-&gt;bio_split: reserve 2",
                "Completions over time per run");
        // trace charts (latency, depth, throughput, IOPS, two offset maps), one per run, and the comparison's:
        // one occupancy chart per pool (five pools across the strategies), completions over time and the Q2C
        // distribution
        assertThat(html.split("<svg ", -1)).hasSize(1 + 6 + 8 + 7 + stacks + chainDiagrams);
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }

        // the runs re-rendered by 'report' give the same bytes twice
        Path a = tmp.resolve("a.html");
        Path b = tmp.resolve("b.html");
        String[] runDirs = {out.resolve("runs/BARE-hard").toString(), out.resolve("runs/DF-hard").toString()};
        assertThat(CliRun.of("report", runDirs[0], runDirs[1], "-o", a.toString()).code()).isZero();
        assertThat(CliRun.of("report", runDirs[0], runDirs[1], "-o", b.toString()).code()).isZero();
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readString(a)).contains("Comparison of the runs", "BARE-hard", "DF-hard");
        // each run directory names its trace, whose table gives the stack
        assertThat(Files.readString(a).split("class=\"stack\"", -1)).hasSize(1 + 2);

        // with --bucket auto (the default) the occupancy buckets fit the 49 ms run (100 us), else they are as given
        var d = dev.dmreplay.analyze.run.RunAnalysis.Options.defaults();
        var fitted = ReportSources.run(Path.of(runDirs[1]),
                new dev.dmreplay.analyze.run.RunAnalysis.Options(d.stallThresholdNs(), d.maxWaitsKept(), 0));
        var given = ReportSources.run(Path.of(runDirs[1]), d);
        int givenMax = given.pools().stream().mapToInt(p -> p.timeline().size()).max().orElse(0);
        int fittedMax = fitted.pools().stream().mapToInt(p -> p.timeline().size()).max().orElse(0);
        assertThat(givenMax).isEqualTo(1); // one 100 ms bucket
        assertThat(fittedMax).isGreaterThan(100);
    }

    @Test
    void aWrongTracesDirectoryIsOneLine() {
        CliRun r = CliRun.of("demo", "-o", tmp.resolve("x").toString(), "--traces", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a traces directory").doesNotContain("Exception");
    }
}
