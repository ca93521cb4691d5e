package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --observe all|pools|summary}: all is the default and writes the same bytes as before levels
 * existed (no level in the footer or the summary); pools and summary record their level, and analyze, report and
 * compare on such a run say what was not recorded instead of showing zeros for it.
 */
class ObserveLevelCliTest {
    private static final String STRIPED = "../replay/src/test/resources/traces/striped";

    private static Path replay(Path dir, String name, String... extra) {
        Path out = dir.resolve(name);
        String[] base = {"replay", STRIPED, "--strategy", "RESC", "--pressure", "hard", "--seed", "7", "-o",
            out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    @Test
    void allIsTheDefaultAndWritesTheSameBytes(@TempDir Path dir) throws Exception {
        Path plain = replay(dir, "plain");
        Path all = replay(dir, "all", "--observe", "all");
        for (String f : new String[] {"observations.parquet", "summary.json"}) {
            assertThat(Files.readAllBytes(all.resolve(f))).as(f).isEqualTo(Files.readAllBytes(plain.resolve(f)));
        }
        assertThat(Files.readString(all.resolve("summary.json"))).doesNotContain("\"observe\"");
        CliRun a = CliRun.of("analyze", all.toString(), "-o", dir.resolve("a").toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).doesNotContain("not recorded").contains("Q2C: n=83");
        assertThat(Files.readString(dir.resolve("a/run-analysis.json"))).doesNotContain("\"observe\"");
    }

    @Test
    void poolsKeepsPoolsAndSaysLatencyAndClonesWereNotRecorded(@TempDir Path dir) throws Exception {
        Path all = replay(dir, "all");
        Path pools = replay(dir, "pools", "--observe", "pools");
        assertThat(Files.size(pools.resolve("observations.parquet")))
                .isLessThan(Files.size(all.resolve("observations.parquet")));
        JsonNode s = new ObjectMapper().readTree(pools.resolve("summary.json").toFile());
        assertThat(s.get("observe").asText()).isEqualTo("pools");
        assertThat(s.get("result")).isEqualTo(new ObjectMapper().readTree(all.resolve("summary.json").toFile())
                .get("result"));

        CliRun full = CliRun.of("analyze", all.toString(), "-o", dir.resolve("a-all").toString());
        CliRun part = CliRun.of("analyze", pools.toString(), "-o", dir.resolve("a-pools").toString());
        assertThat(part.code()).as(part.err()).isZero();
        assertThat(part.out()).contains("observations not recorded at level pools (replayed with --observe pools)")
                .contains("Top-level bios: not recorded at observation level pools; from summary.json: submitted 83,"
                        + " completed 83")
                .contains("Clones per original bio: not recorded at observation level pools")
                .doesNotContain("Q2C");
        // what pools keeps is analysed exactly as in the full run
        assertThat(section(part.out(), "Mempools and biosets")).isEqualTo(section(full.out(), "Mempools and biosets"));
        assertThat(section(part.out(), "Rescue")).isEqualTo(section(full.out(), "Rescue"));
        JsonNode ra = new ObjectMapper().readTree(dir.resolve("a-pools/run-analysis.json").toFile());
        assertThat(ra.get("observe").asText()).isEqualTo("pools");
        assertThat(ra.get("observationCounts").get("SUBMIT").asLong()).isZero();
        assertThat(ra.get("observationCounts").get("PUNT").asLong()).isPositive();
    }

    @Test
    void summaryWritesTheSummaryAloneAndAnalyzeSaysSo(@TempDir Path dir) throws Exception {
        Path run = replay(dir, "sum", "--observe", "summary");
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("summary.json");
        }
        CliRun a = CliRun.of("analyze", run.toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).contains("observations: 0")
                .contains("observations not recorded at level summary")
                .contains("Mempools and biosets: not recorded at observation level summary")
                .contains("Waits: not recorded at observation level summary")
                .contains("submitted 83, completed 83");
        CliRun rep = CliRun.of("report", run.toString(), "-o", dir.resolve("r.html").toString());
        assertThat(rep.code()).as(rep.err()).isZero();
        assertThat(rep.err()).contains("sum: observations not recorded at level summary");
        // --no-observations is the same level
        Path none = replay(dir, "none", "--no-observations");
        assertThat(Files.readString(none.resolve("summary.json"))).isEqualTo(Files.readString(run.resolve("summary.json")));
    }

    @Test
    void aBadLevelIsABadOption(@TempDir Path dir) {
        CliRun r = CliRun.of("replay", STRIPED, "--observe", "most", "-o", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--observe").contains("expected all, pools or summary, not 'most'");
        CliRun both = CliRun.of("replay", STRIPED, "--observe", "pools", "--no-observations", "-o",
                dir.resolve("y").toString());
        assertThat(both.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(both.err()).contains("--no-observations and --observe pools contradict each other");
    }

    /** The lines of a report section, from its heading to the next blank line. */
    private static String section(String text, String heading) {
        int i = text.indexOf("\n" + heading);
        assertThat(i).as(heading).isNotNegative();
        int end = text.indexOf("\n\n", i + 1);
        return text.substring(i, end < 0 ? text.length() : end);
    }
}
