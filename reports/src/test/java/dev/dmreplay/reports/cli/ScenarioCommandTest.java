package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmreplay scenario}: exploration from the command line, validated inputs, findings and expectations. */
class ScenarioCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String S1 = CliRun.traces().resolve("scenarios/S1.yaml").toString();

    @Test
    void schedulesFindTheS1DeadlockAndTheWitnessSeedReplaysItAlone() throws Exception {
        CliRun r = CliRun.of("scenario", S1, "--knob", "cpuNsPerMap=0", "--strategy", "BARE,DF", "--schedules", "100",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode cells = JSON.readTree(r.out());
        JsonNode bare = cells.get(0);
        assertThat(bare.get("outcome").asText()).isEqualTo("MEMORY_DEADLOCK");
        assertThat(bare.get("schedules").asInt()).isEqualTo(100);
        assertThat(bare.get("outcomes").get("MEMORY_DEADLOCK").asInt()).isPositive();
        assertThat(bare.get("bound").isNull()).isTrue();
        assertThat(bare.get("verdict").asText()).isEqualTo("deadlock found");
        long seed = bare.get("witnessSeed").asLong();
        JsonNode df = cells.get(1);
        assertThat(df.get("outcome").asText()).isEqualTo("FINE");
        assertThat(df.get("witnessSeed").isNull()).isTrue();
        assertThat(df.get("verdict").asText()).isEqualTo("100 random schedules, none");

        CliRun alone = CliRun.of("scenario", S1, "--knob", "cpuNsPerMap=0", "--strategy", "BARE", "--seed",
                Long.toString(seed));
        assertThat(alone.out()).contains("mem-DL").contains("S1/BARE: T").contains("(cycle)");
        assertThat(alone.out()).contains(bare.get("chain").asText());
    }

    /**
     * The order metric per cell in {@code --json} under exploration (docs/kernel-model.md §2.6): S9 out of order under
     * V519 and in order under V618 in every schedule, S10's zoned writes in order with none unaligned under the
     * zoned eras; the unmerged proposal's cell carries its title, and the text matrix says it is in no kernel.
     */
    @Test
    void theOrderFiguresArePerCellInJsonAndUnmergedProposalsAreSaidToBe() throws Exception {
        String s9 = CliRun.traces().resolve("scenarios/S9.yaml").toString();
        CliRun r = CliRun.of("scenario", s9, "--strategy", "V519,V618,BVA1", "--schedules", "5", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode cells = JSON.readTree(r.out());
        assertThat(cells.get(0).get("strategy").asText()).isEqualTo("V519");
        assertThat(cells.get(0).get("outOfOrder").asLong()).isEqualTo(1);
        assertThat(cells.get(0).has("outOfOrderMin")).as("every schedule the same").isFalse();
        assertThat(cells.get(1).get("outOfOrder").asLong()).isZero();
        assertThat(cells.get(1).has("strategyTitle")).isFalse();
        assertThat(cells.get(2).get("strategyTitle").asText()).contains("unmerged proposal");
        for (JsonNode c : cells) {
            assertThat(c.get("schedules").asInt()).isEqualTo(5);
            assertThat(c.get("unalignedWrites").asLong()).isZero();
        }
        String s10 = CliRun.traces().resolve("scenarios/S10.yaml").toString();
        CliRun z = CliRun.of("scenario", s10, "--strategy", "V519,V610,V618", "--schedules", "3", "--json");
        assertThat(z.code()).as(z.err()).isZero();
        for (JsonNode c : JSON.readTree(z.out())) {
            assertThat(c.get("outcome").asText()).isEqualTo("FINE");
            assertThat(c.get("outOfOrder").asLong()).isZero();
            assertThat(c.get("unalignedWrites").asLong()).isZero();
        }
        CliRun text = CliRun.of("scenario", s9, "--strategy", "V618,BVA1");
        assertThat(text.out()).contains("not in any kernel: BVA1 = unmerged proposal");
    }

    @Test
    void exploreReportsTheBoundAndAWitnessScheduleThatReplays() throws Exception {
        CliRun r = CliRun.of("scenario", S1, "--knob", "cpuNsPerMap=0", "--strategy", "BARE", "--explore", "1",
                "--json");
        JsonNode bare = JSON.readTree(r.out()).get(0);
        assertThat(bare.get("bound").asInt()).isEqualTo(1);
        assertThat(bare.get("outcome").asText()).isEqualTo("MEMORY_DEADLOCK");
        String w = bare.get("witness").asText();
        CliRun alone = CliRun.of("scenario", S1, "--knob", "cpuNsPerMap=0", "--strategy", "BARE", "--schedule", w);
        assertThat(alone.out()).contains("mem-DL");
    }

    @Test
    void badScenarioFilesAndKnobsAreOneLineExitTwo(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Path.of(S1)).replace("pressure: hard", "pressur: hard"));
        CliRun r = CliRun.of("scenario", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("bad.yaml:").contains("pressur").contains("did you mean 'pressure'");

        CliRun k = CliRun.of("scenario", S1, "--knob", "reservedBioBasedIos=lots");
        assertThat(k.code()).isEqualTo(2);
        assertThat(k.errLines()).hasSize(1);
        assertThat(k.err()).startsWith("dmreplay: --knob reservedBioBasedIos=lots: ").contains("1..1024");

        CliRun amb = CliRun.of("scenario", S1, "--knob", "dmIoStorage=io");
        assertThat(amb.code()).isEqualTo(2);
        assertThat(amb.err()).contains("ambiguous");
    }

    @Test
    void failOnFlagsPrintTheFindingWithExitOne() {
        CliRun m = CliRun.of("scenario", S1, "--strategy", "BARE", "--knob", "cpuNsPerMap=0", "--fail-on-mismatch");
        assertThat(m.code()).isEqualTo(1);
        assertThat(m.err()).contains("S1/BARE is FINE, expected MEMORY_DEADLOCK").doesNotContain("internal error");
        CliRun d = CliRun.of("scenario", S1, "--strategy", "BARE", "--fail-on-deadlock");
        assertThat(d.code()).isEqualTo(1);
        assertThat(d.err()).contains("S1/BARE MEMORY_DEADLOCK: T1 waits in").doesNotContain("internal error");
    }

    @Test
    void strategiesOutsideTheExpectationsSayNoExpectation() {
        CliRun r = CliRun.of("scenario", S1, "--strategy", "MODERN");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("no expectation for these strategies").doesNotContain("all outcomes as expected");
    }
}
