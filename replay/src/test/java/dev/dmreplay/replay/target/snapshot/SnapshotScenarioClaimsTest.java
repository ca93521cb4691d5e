package dev.dmreplay.replay.target.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed thread's snapshot scenarios against the claims table (docs/kernel-model.md §8.3 rows S2 and S3), with
 * the cells written here independently of the files' own {@code expect} blocks, each asserted under several CPU
 * costs per mapped piece (which move every task's timing) and seeds. "Possible" cells are asserted as the outcome
 * the scenario is built to provoke. S3m (S3 with v5.3+ snapshot locking) is where the model disagrees with the
 * derived cell for MDSP ("FINE with ≥5.3 snap"): see the file's notes.
 */
class SnapshotScenarioClaimsTest {
    private static final Outcome F = Outcome.FINE;
    private static final Outcome D = Outcome.DEADLOCK;
    private static final Outcome M = Outcome.MEMORY_DEADLOCK;

    /** Columns BARE, RESC, OFFL, NEIL, DF, HELP, MDSP. */
    private static final Map<String, Outcome[]> CLAIMS = new LinkedHashMap<>();

    static {
        CLAIMS.put("S2", new Outcome[] {D, D, F, F, F, F, F});
        CLAIMS.put("S3", new Outcome[] {D, D, F, D, M, F, M});
        CLAIMS.put("S3r", new Outcome[] {D, D, F, D, M, F, M});
        // v5.3+ locking: the lock edge is gone (NEIL, BARE, RESC fine); the tracked-read wait in kcopyd is not
        CLAIMS.put("S3m", new Outcome[] {F, F, F, F, M, F, M});
    }

    /** Schedules: CPU per mapped piece (the files use 1 ms) and seed. */
    private static final List<List<String>> SCHEDULES = List.of(List.of(), List.of("cpuNsPerMap=900us"),
            List.of("cpuNsPerMap=1250us"), List.of("cpuNsPerMap=2ms"));
    private static final long[] SEEDS = {1, 7, 42};

    private static final Map<String, Scenario> LOADED = new LinkedHashMap<>();

    static {
        for (String id : CLAIMS.keySet()) {
            LOADED.put(id, ScenarioLoader.load(Path.of("../traces/scenarios/" + id + ".yaml")));
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> l = new ArrayList<>();
        CLAIMS.forEach((id, row) -> {
            for (int i = 0; i < Strategy.CLAIMS.length; i++) {
                l.add(Arguments.of(id, Strategy.CLAIMS[i], row[i]));
            }
        });
        return l.stream();
    }

    private static Scenario withSeed(Scenario s, long seed) {
        return new Scenario(s.id(), s.title(), s.source(), s.notes(), s.stack(), s.tasks(), s.mode(), s.pressure(),
                s.stallThresholdNs(), s.timeLimitNs(), seed, s.knobOverrides(), s.strategies(), s.expected(),
                s.suspends());
    }

    @ParameterizedTest(name = "{0} under {1} is {2}")
    @MethodSource("cells")
    void claimsTableCellUnderEverySchedule(String id, Strategy strategy, Outcome claimed) {
        Scenario s = LOADED.get(id);
        assertThat(s.expected().get(strategy)).as("the file's own expectation agrees").isEqualTo(claimed);
        for (List<String> knobs : SCHEDULES) {
            for (long seed : SEEDS) {
                ScenarioResult r = ScenarioRunner.run(withSeed(s, seed), strategy, knobs);
                String where = id + "/" + strategy + " " + knobs + " seed " + seed + ": " + r.chain();
                assertThat(r.outcome()).as(where).isEqualTo(claimed);
                if (claimed == F) {
                    assertThat(r.run().completed()).as(where).isEqualTo(r.run().submitted()).isPositive();
                    assertThat(r.run().errors()).as(where).isZero();
                } else {
                    assertThat(r.chain()).as(where).endsWith("(cycle)");
                    assertThat(r.run().completed()).as(where).isLessThan(r.run().submitted());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("chains")
    void chainsReadAsTheThreadReads(String id, Strategy st, List<String> parts) {
        ScenarioResult r = ScenarioRunner.run(LOADED.get(id), st, List.of());
        for (String p : parts) {
            assertThat(r.chain()).contains(p);
        }
    }

    static Stream<Arguments> chains() {
        String lock = "s->lock of snapshot snap held by kcopyd/snap";
        String tracked = "kcopyd/snap waits in msleep for tracked reads of chunk 0 of snapshot snap";
        return Stream.of(
                // Mikulas, January 2017: the reader holds the tracked read on its own bio_list and sleeps on the lock
                Arguments.of("S2", Strategy.BARE, List.of("T1 waits in down_write for " + lock, "which waits in msleep "
                        + "for tracked reads of chunk 0", "(READ to sda) parked on bio_list of T1, drained only by T1")),
                Arguments.of("S2", Strategy.RESC, List.of("T1 waits in down_write for " + lock)),
                // Mikulas on md->rescued, November 2017: kdmflush in dm_wq_work blocked on the lock
                Arguments.of("S3", Strategy.NEIL, List.of(tracked, "(READ to sda) parked on md->rescued of snap, "
                        + "drained only by dm_wq_work(snap) running on kdmflush/snap, which waits in down_write for "
                        + lock + " (cycle)")),
                Arguments.of("S3r", Strategy.NEIL, List.of(tracked, "parked on md->rescued of snap, drained only by "
                        + "dm_wq_work(snap) running on kdmflush/snap, which waits in down_write for " + lock)),
                Arguments.of("S3", Strategy.DF, List.of("T1 waits in mempool_alloc for mempool snap q->bio_split",
                        "parked on pe->snapshot_bios (chunk 100 of snapshot snap), drained only by kcopyd "
                                + "do_work(snap) running on kcopyd/snap", "parked on bio_list[0] of T1, drained only "
                                + "by T1 (cycle)")),
                Arguments.of("S3m", Strategy.MDSP, List.of("T1 waits in mempool_alloc for mempool snap q->bio_split",
                        "running on kcopyd/snap, which waits in msleep for tracked reads of chunk 0 of snapshot snap",
                        "parked on bio_list[0] of T1")));
    }

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @MethodSource("mechanisms")
    void theRescueMechanismIsWhatMadeTheDifference(String id, Strategy st, String counter) {
        ScenarioResult r = ScenarioRunner.run(LOADED.get(id), st, List.of());
        MappedDevice.DmStats snap = r.run().devices().stream().filter(d -> d.device().equals("snap")).findFirst()
                .orElseThrow();
        long value = switch (counter) {
            case "offloaded" -> snap.biosOffloaded();
            case "rescued to md" -> snap.biosRescuedToMd();
            default -> throw new IllegalArgumentException(counter);
        };
        assertThat(value).as(id + "/" + st + " " + counter).isPositive();
    }

    static Stream<Arguments> mechanisms() {
        return Stream.of(Arguments.of("S2", Strategy.OFFL, "offloaded"), Arguments.of("S3", Strategy.OFFL, "offloaded"),
                Arguments.of("S3", Strategy.NEIL, "rescued to md"), Arguments.of("S3m", Strategy.NEIL, "rescued to md"));
    }
}
