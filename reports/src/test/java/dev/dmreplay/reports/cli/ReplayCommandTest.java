package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    private static final Path TRACES = Path.of("../replay/src/test/resources/traces");

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void scenarioJsonHasOneObjectPerStrategyWithOutcomeAndChain() throws Exception {
        Result r = run("scenario", "../traces/scenarios/S6.yaml", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertThat(a.size()).isEqualTo(7);
        assertThat(a.get(0).get("scenario").asText()).isEqualTo("S6");
        assertThat(a.get(0).get("strategy").asText()).isEqualTo("BARE");
        assertThat(a.get(0).get("outcome").asText()).isEqualTo("DEADLOCK");
        assertThat(a.get(0).get("chain").asText()).contains("md_flush_request");
        assertThat(a.get(6).get("outcome").asText()).isEqualTo("FINE");
        assertThat(a.get(6).get("chain").asText()).isEmpty();
    }

    @Test
    void scenarioMatrixMarksMismatchesAndCanFailOnThem() {
        Result ok = run("scenario", "../traces/scenarios/S6.yaml", "--strategy", "BARE,DF");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("S6").contains("DEADLOCK").contains("all outcomes as expected");
        Result bad = run("scenario", "../traces/scenarios/S6.yaml", "--strategy", "BARE", "--knob",
                "gmrOrdering=V2_LOWER_FIRST", "--fail-on-mismatch");
        assertThat(bad.out()).contains("FINE!");
        assertThat(bad.code()).isEqualTo(Main.EXIT_FINDINGS);
        Result unknown = run("scenario", "../traces/scenarios/S6.yaml", "--knob", "frobs=1");
        assertThat(unknown.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("unknown knob 'frobs'");
    }

    @Test
    void replayWritesObservationsAndSummaryAndIsDeterministic(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path o : new Path[] {a, b}) {
            Result r = run("replay", TRACES.resolve("striped").toString(), "--strategy", "RESC", "--pressure",
                    "soft(0.5,0.2)", "--seed", "3", "-o", o.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("bios completed 83 of 83").contains("outcome");
        }
        assertThat(Files.readAllBytes(a.resolve("observations.parquet")))
                .isEqualTo(Files.readAllBytes(b.resolve("observations.parquet")));
        assertThat(Files.readString(a.resolve("summary.json"))).isEqualTo(Files.readString(b.resolve("summary.json")));
        JsonNode s = new ObjectMapper().readTree(a.resolve("summary.json").toFile());
        assertThat(s.get("strategy").asText()).isEqualTo("RESC");
        assertThat(s.get("result").get("completed").asLong()).isEqualTo(83);
        assertThat(s.get("result").get("pools").size()).isPositive();
        assertThat(s.get("tracePath").asText()).isEqualTo(TRACES.resolve("striped").toString());
        assertThat(s.get("trace").asText()).isEqualTo("striped");
    }

    @Test
    void analyzeFindsTheRecordedTraceThroughTheSummary(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Path trace = TRACES.resolve("striped");
        assertThat(run("replay", trace.toString(), "--strategy", "RESC", "-o", run.toString()).code()).isZero();
        Result implicit = run("analyze", run.toString(), "-o", dir.resolve("implicit").toString());
        assertThat(implicit.code()).as(implicit.err()).isZero();
        assertThat(implicit.out()).contains("recorded trace striped").contains("replay / recorded")
                .contains("exact, frees observed");
        Result explicit = run("analyze", run.toString(), "--trace", trace.toString(), "-o",
                dir.resolve("explicit").toString());
        assertThat(explicit.out()).isEqualTo(implicit.out());
        assertThat(Files.readString(dir.resolve("explicit/run-analysis.json")))
                .isEqualTo(Files.readString(dir.resolve("implicit/run-analysis.json")));

        // a summary naming a trace that is gone: the analysis runs without the comparison
        Path summary = run.resolve("summary.json");
        Files.writeString(summary, Files.readString(summary).replace("\"tracePath\" : \"" + trace,
                "\"tracePath\" : \"" + dir.resolve("gone")));
        assertThat(Files.readString(summary)).contains(dir.resolve("gone").toString());
        Result gone = run("analyze", run.toString(), "-o", dir.resolve("gone-out").toString());
        assertThat(gone.code()).as(gone.err()).isZero();
        assertThat(gone.out()).doesNotContain("recorded trace").contains("exact, frees observed");
    }

    @Test
    void replayFindsTheDeadlockAndCanFailOnIt(@TempDir Path dir) {
        Result r = run("replay", TRACES.resolve("striped").toString(), "--strategy", "BARE", "--pressure", "hard",
                "--mode", "afap:64", "--fail-on-deadlock", "--no-observations", "-o", dir.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_FINDINGS);
        assertThat(r.out()).contains("MEMORY_DEADLOCK").contains("(cycle)");
        assertThat(dir.resolve("observations.parquet")).doesNotExist();
    }

    @Test
    void badInputIsOneLineAndNoOutput(@TempDir Path dir) {
        Result r = run("replay", TRACES.resolve("linear").toString(), "--pressure", "medium", "-o", dir.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("unknown pressure 'medium'").doesNotContain("Exception");
        Result t = run("replay", TRACES.resolve("linear").toString(), "--table", dir.resolve("none.txt").toString(),
                "-o", dir.resolve("o").toString());
        assertThat(t.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(dir.resolve("o")).doesNotExist();
    }
    @Test
    void aParquetStoreReplaysWithTheTableItCarries(@TempDir Path dir) throws Exception {
        Path bundle = Path.of("../traces/oracle-small");
        Path store = dir.resolve("events.parquet");
        Result ingest = run("ingest", bundle.toString(), "-o", store.toString());
        assertThat(ingest.code()).as(ingest.err()).isZero();
        Result fromStore = run("replay", store.toString(), "--strategy", "RESC", "--pressure", "hard",
                "-o", dir.resolve("a").toString());
        assertThat(fromStore.code()).as(fromStore.err()).isZero();
        Result fromBundle = run("replay", bundle.toString(), "--strategy", "RESC", "--pressure", "hard",
                "-o", dir.resolve("b").toString());
        assertThat(fromBundle.code()).as(fromBundle.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(dir.resolve("a/summary.json").toFile()).get("result");
        JsonNode b = json.readTree(dir.resolve("b/summary.json").toFile()).get("result");
        assertThat(a.get("submitted").asLong()).isEqualTo(1004);
        assertThat(a).isEqualTo(b);
        // the same observations; the footers differ only in the identity's digest of the input (a store, a bundle)
        assertThat(rows(dir.resolve("a/observations.parquet"))).isNotEmpty()
                .isEqualTo(rows(dir.resolve("b/observations.parquet")));
        java.util.Map<String, String> fa = footer(dir.resolve("a/observations.parquet"));
        java.util.Map<String, String> fb = footer(dir.resolve("b/observations.parquet"));
        assertThat(fa.remove("dmreplay.run.traceSha256")).isNotEqualTo(fb.remove("dmreplay.run.traceSha256"));
        assertThat(fa).isEqualTo(fb);
    }

    private static java.util.List<dev.dmreplay.replay.observe.Observation> rows(Path f) throws Exception {
        java.util.List<dev.dmreplay.replay.observe.Observation> l = new java.util.ArrayList<>();
        try (dev.dmreplay.replay.observe.ObservationReader r = dev.dmreplay.replay.observe.ObservationReader.open(f)) {
            for (dev.dmreplay.replay.observe.Observation o = r.next(); o != null; o = r.next()) {
                l.add(o);
            }
        }
        return l;
    }

    private static java.util.Map<String, String> footer(Path f) throws Exception {
        try (dev.dmreplay.replay.observe.ObservationReader r = dev.dmreplay.replay.observe.ObservationReader.open(f)) {
            return new java.util.HashMap<>(r.footer());
        }
    }
}
