package dev.dmreplay.replay.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outcome cells of the claims table (docs/kernel-model.md §8.3) for S1, S1b, S4, S4b, S5, S6, S7 (with the md fix
 * and with the v4.12+ per-bucket barrier as extra rows), written here independently
 * of the scenario files' own {@code expect} blocks ("possible" cells are asserted as the outcome the scenario
 * is built to provoke).
 */
class ScenarioClaimsTest {
    private static final Outcome F = Outcome.FINE;
    private static final Outcome D = Outcome.DEADLOCK;
    private static final Outcome M = Outcome.MEMORY_DEADLOCK;

    /** Rows of §8.3 in column order BARE, RESC, OFFL, NEIL, DF, HELP, MDSP. */
    private static final Map<String, Outcome[]> CLAIMS = new LinkedHashMap<>();

    static {
        CLAIMS.put("S1", new Outcome[] {M, F, F, F, F, F, F});
        CLAIMS.put("S1b", new Outcome[] {M, M, F, F, F, F, F});
        CLAIMS.put("S4", new Outcome[] {M, F, F, F, F, F, F});
        CLAIMS.put("S4b", new Outcome[] {M, F, F, F, M, F, M});
        // S5: the table says STALL for NEIL..MDSP (submission paced by device completions); with STALL defined by
        // progress (§9.7) a piece completing every 20 ms is progress, so FINE, with the long submission as a figure
        CLAIMS.put("S5", new Outcome[] {M, F, F, F, F, F, F});
        CLAIMS.put("S6", new Outcome[] {D, D, F, F, F, F, F});
        CLAIMS.put("S7", new Outcome[] {D, D, F, F, F, F, F});
        CLAIMS.put("S7-fix", new Outcome[] {F, F, F, F, F, F, F});
        CLAIMS.put("S7-4.12", new Outcome[] {F, F, F, F, F, F, F});
    }

    private static final Map<String, Scenario> LOADED = new LinkedHashMap<>();

    static {
        for (Scenario s : ScenarioLoader.loadAll(Path.of("../traces/scenarios"))) {
            LOADED.put(s.id(), s);
        }
    }

    static Stream<Arguments> cells() {
        return CLAIMS.entrySet().stream().flatMap(e -> {
            Stream.Builder<Arguments> b = Stream.builder();
            for (int i = 0; i < Strategy.CLAIMS.length; i++) {
                b.add(Arguments.of(e.getKey(), Strategy.CLAIMS[i], e.getValue()[i]));
            }
            return b.build();
        });
    }

    @ParameterizedTest(name = "{0} under {1} is {2}")
    @MethodSource("cells")
    void claimsTableCell(String id, Strategy strategy, Outcome claimed) {
        Scenario s = LOADED.get(id);
        assertThat(s).as("scenario file for " + id).isNotNull();
        ScenarioResult r = ScenarioRunner.run(s, strategy, List.of());
        assertThat(r.outcome()).as(id + "/" + strategy + " chain: " + r.chain()).isEqualTo(claimed);
        assertThat(r.expected()).as("the file's own expectation agrees with the claims table").isEqualTo(claimed);
        if (claimed == D || claimed == M) {
            assertThat(r.chain()).endsWith("(cycle)").contains(" waits in ");
            assertThat(r.run().completed()).isLessThan(r.run().submitted());
        } else {
            assertThat(r.chain()).isEmpty();
            assertThat(r.run().completed()).isEqualTo(r.run().submitted()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void deadlockChainsNameTheResourceAndTheList(String id, Strategy st, String resource, String list) {
        ScenarioResult r = ScenarioRunner.run(LOADED.get(id), st, List.of());
        assertThat(r.chain()).contains(resource).contains(list);
    }

    static Stream<Arguments> chains() {
        return Stream.of(
                Arguments.of("S1", Strategy.BARE, "mempool_alloc for mempool md->bs of X", "parked on bio_list of T1"),
                Arguments.of("S1b", Strategy.RESC, "mempool md->io_pool of X", "dm_io #1 of X"),
                Arguments.of("S4b", Strategy.DF, "T1 waits in mutex_lock for md->table_devices_lock of X held by",
                        ", which waits in mempool_alloc"),
                Arguments.of("S6", Strategy.BARE, "md_flush_request for mddev->sb_wait", "md flush in progress on md0"),
                Arguments.of("S7", Strategy.RESC, "raise_barrier for conf->nr_pending of R", "parked on bio_list of T1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rescueCounters")
    void rescueMechanismsAreWhatMadeTheDifference(String id, Strategy st) {
        ScenarioResult r = ScenarioRunner.run(LOADED.get(id), st, List.of());
        Map<String, Long> punts = new LinkedHashMap<>();
        r.run().biosets().forEach(b -> punts.put(b.bioset(), b.biosPunted()));
        assertThat(punts.get("md->bs of X")).as("bios punted to the rescuer").isPositive();
    }

    static Stream<Arguments> rescueCounters() {
        return Stream.of(Arguments.of("S1", Strategy.RESC), Arguments.of("S4", Strategy.RESC),
                Arguments.of("S5", Strategy.OFFL));
    }

    /**
     * The table is a claim about the kernel, not about one interleaving: every cell, run under as many schedules as
     * its file says it was checked under (the lock-step one and perturbed ones), reaches the claimed outcome as its
     * worst, and a claimed deadlock comes with a witness.
     */
    @ParameterizedTest(name = "{0} under {1} is {2} in every schedule explored")
    @MethodSource("cells")
    void claimsTableCellUnderExploration(String id, Strategy strategy, Outcome claimed) {
        Scenario s = LOADED.get(id);
        assertThat(s.schedules()).as("the file says how many schedules it was checked under").isGreaterThan(1);
        ScenarioResult r = ScenarioRunner.explore(s, strategy, List.of(), s.schedules());
        assertThat(r.exploration().schedules()).isEqualTo(s.schedules());
        assertThat(r.outcome()).as(id + "/" + strategy + " " + r.exploration().outcomes() + " witness "
                + r.exploration().witness() + ": " + r.chain()).isEqualTo(claimed);
        if (claimed == D || claimed == M) {
            assertThat(r.exploration().witnessSeed()).isNotNull();
            assertThat(r.exploration().verdict()).isEqualTo("deadlock found");
        } else {
            assertThat(r.exploration().outcomes()).containsOnlyKeys(F);
            assertThat(r.exploration().witnessSeed()).isNull();
            assertThat(r.exploration().verdict()).isEqualTo(s.schedules() + " random schedules, none");
        }
    }
}
