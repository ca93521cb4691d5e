package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmreplay.ingest.dm.DmTableParser;
import dev.dmreplay.reports.render.HtmlChecks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmreplay evaluate} (the "evaluate an ordering" page and its JSON), {@code report --schedules} (explored
 * matrix cells with the scenario's title and what it shows) and {@code dmreplay repro} from the command line.
 */
class EvaluateAndReproCommandTest {
    @TempDir
    Path tmp;

    private static Path scenario(String id) {
        return CliRun.traces().resolve("scenarios").resolve(id + ".yaml");
    }

    @Test
    void evaluateWritesTheDifferencesFirstMarksUnmergedProposalsAndIsDeterministic() throws Exception {
        Path dir = tmp.resolve("s");
        Files.createDirectories(dir);
        Files.copy(scenario("S11"), dir.resolve("S11.yaml"));
        Files.copy(scenario("S1"), dir.resolve("S1.yaml"));
        CliRun r = CliRun.of("evaluate", "--strategy", "V618,BVA1", dir.toString(), "--schedules", "3",
                "-o", tmp.resolve("a/eval.html").toString());
        assertThat(r.code()).as(r.err()).isZero();
        CliRun again = CliRun.of("evaluate", "--strategy", "V618,BVA1", dir.toString(), "--schedules", "3",
                "-o", tmp.resolve("b/eval.html").toString());
        assertThat(again.code()).isZero();
        String html = Files.readString(tmp.resolve("a/eval.html"));
        assertThat(Files.readAllBytes(tmp.resolve("b/eval.html"))).isEqualTo(html.getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readAllBytes(tmp.resolve("b/eval.json")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("a/eval.json")));
        HtmlChecks.assertWellFormed(html);
        assertThat(html).doesNotContain("<script", "src=", "href=\"http");
        // the differences come before the matrix; BVA1 is marked as an unmerged proposal
        assertThat(html.indexOf("Differences that matter")).isLessThan(html.indexOf("Scenario matrix"));
        assertThat(html).contains("UNMERGED proposal", "class=\"unmerged\"");

        JsonNode j = new ObjectMapper().readTree(tmp.resolve("a/eval.json").toFile());
        assertThat(j.get("schedules").asInt()).isEqualTo(3);
        assertThat(j.get("strategies").get(1).get("unmerged").asBoolean()).isTrue();
        assertThat(j.get("strategies").get(0).get("unmerged").asBoolean()).isFalse();
        JsonNode rows = j.get("rows");
        assertThat(rows).hasSize(2);
        // every cell ran 3 schedules and its counts add up; a row whose outcomes differ is listed as such
        for (JsonNode row : rows) {
            JsonNode cells = row.get("cells");
            for (JsonNode c : cells) {
                int sum = 0;
                for (JsonNode n : c.get("outcomes")) {
                    sum += n.asInt();
                }
                assertThat(sum).isEqualTo(3);
                assertThat(c.has("outOfOrder")).isTrue();
            }
            boolean differ = !cells.get(0).get("outcome").equals(cells.get(1).get("outcome"));
            boolean listed = false;
            for (JsonNode d : j.get("differences")) {
                listed |= d.get("row").asText().equals(row.get("id").asText()) && d.get("what").asText().equals("OUTCOME");
            }
            assertThat(listed).as(row.get("id").asText()).isEqualTo(differ
                    || !cells.get(0).get("outcomes").equals(cells.get(1).get("outcomes")));
        }
    }

    @Test
    void reportExploresScenarioCellsAndShowsWhatEachScenarioShows() throws Exception {
        Path out = tmp.resolve("r.html");
        CliRun r = CliRun.of("report", scenario("S1").toString(), "--schedules", "4", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out);
        HtmlChecks.assertWellFormed(html);
        assertThat(html).contains("class=\"stitle\">Many tasks, each bio spanning several pieces",
                "class=\"shows\">Holding undispatched clones", "class=\"dist\">");
        assertThat(html).contains("/4");
        CliRun bad = CliRun.of("report", scenario("S1").toString(), "--schedules", "0", "-o", out.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--schedules");
    }

    @Test
    void reproFromAScenarioAndItsErrors() throws Exception {
        Path out = tmp.resolve("repro");
        CliRun r = CliRun.of("repro", scenario("S1").toString(), "--strategy", "BARE", "--schedules", "2", "-o",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("model prediction: MEMORY_DEADLOCK");
        assertThat(Files.readString(out.resolve("README.md"))).contains("before v3.7");
        assertThat(bashN(out.resolve("repro.sh"))).isZero();

        CliRun noStrategy = CliRun.of("repro", scenario("S1").toString(), "-o", out.toString());
        assertThat(noStrategy.code()).isEqualTo(2);
        assertThat(noStrategy.err()).contains("--strategy");
        CliRun dir = CliRun.of("repro", CliRun.traces().resolve("scenarios").toString(), "--strategy", "DF", "-o",
                tmp.resolve("x").toString());
        assertThat(dir.code()).isEqualTo(2);
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }

    @Test
    void reproFromAReplayRunDirectory() throws Exception {
        Path run = tmp.resolve("run");
        CliRun replay = CliRun.of("replay", CliRun.traces().resolve("real-linear").toString(), "--strategy", "DF",
                "--pressure", "hard", "-o", run.toString());
        assertThat(replay.code()).as(replay.err()).isZero();
        Path out = tmp.resolve("repro");
        CliRun r = CliRun.of("repro", run.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(bashN(out.resolve("repro.sh"))).isZero();
        String table = Files.readString(out.resolve("stack.table"));
        assertThat(DmTableParser.parse("stack.table", table, null, new ArrayList<>())).isNotEmpty();
        JsonNode p = new ObjectMapper().readTree(out.resolve("prediction.json").toFile());
        assertThat(p.get("strategy").asText()).isEqualTo("DF");
        assertThat(p.get("pressure").asText()).isEqualTo("hard");
        try (var files = Files.list(out.resolve("workload"))) {
            Path iolog = files.findFirst().orElseThrow();
            assertThat(Files.readAllLines(iolog).get(0)).isEqualTo("fio version 3 iolog");
        }
        // the run's prediction is for its own strategy: another one is refused
        CliRun other = CliRun.of("repro", run.toString(), "--strategy", "BARE", "-o", tmp.resolve("y").toString());
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("--strategy", "DF");
    }

    /**
     * An unmerged proposal is said to be one in every output that names it: the replay's text, its summary.json
     * (which names the strategy by name only), and every file of a reproducer made from the run or a scenario.
     */
    @Test
    void anUnmergedProposalIsSaidToBeOneWhereverItIsNamed() throws Exception {
        Path run = tmp.resolve("run-bva1");
        CliRun replay = CliRun.of("replay", CliRun.traces().resolve("real-linear").toString(), "--strategy", "BVA1",
                "-o", run.toString());
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("strategy BVA1 (unmerged proposal");
        JsonNode sum = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertThat(sum.get("strategy").asText()).isEqualTo("BVA1");
        assertThat(sum.get("notes").get(0).asText()).startsWith("strategy BVA1 is an UNMERGED proposal");
        Path fromRun = tmp.resolve("repro-run");
        assertThat(CliRun.of("repro", run.toString(), "-o", fromRun.toString()).code()).isZero();
        Path fromScenario = tmp.resolve("repro-s11");
        CliRun sc = CliRun.of("repro", scenario("S11").toString(), "--strategy", "BVA2", "--schedules", "2", "-o",
                fromScenario.toString());
        assertThat(sc.code()).as(sc.err()).isZero();
        for (Path out : List.of(fromRun, fromScenario)) {
            String name = out == fromRun ? "BVA1" : "BVA2";
            assertThat(Files.readString(out.resolve("README.md"))).startsWith("# Reproducer: ")
                    .contains("under " + name + " (UNMERGED proposal)").contains("**Unmerged proposal**");
            assertThat(Files.readString(out.resolve("repro.sh"))).contains("under " + name + " (UNMERGED proposal)");
            assertThat(Files.readString(out.resolve("blktests/tests/dm/950")))
                    .contains("under " + name + " (UNMERGED proposal).")
                    .contains("(" + name + " (UNMERGED proposal)): predicted");
            assertThat(new ObjectMapper().readTree(out.resolve("prediction.json").toFile()).get("unmerged")
                    .asBoolean()).isTrue();
        }
        // a released kernel's strategy is named plainly
        Path v618 = tmp.resolve("repro-v618");
        assertThat(CliRun.of("repro", scenario("S11").toString(), "--strategy", "V618", "--schedules", "2", "-o",
                v618.toString())
                .code()).isZero();
        assertThat(Files.readString(v618.resolve("repro.sh"))).contains("under V618 (written").doesNotContain("UNMERGED");
    }

    private static int bashN(Path script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
