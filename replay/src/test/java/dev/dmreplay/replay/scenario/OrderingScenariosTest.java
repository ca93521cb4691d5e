package dev.dmreplay.replay.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.explore.Exploration;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.OrderFact;
import dev.dmreplay.replay.observe.SplitKind;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import dev.dmreplay.replay.block.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 2025 ordering scenarios S9, S10 and S11 (docs/kernel-model.md §2.5, §2.6, §8.2) under the strategies of
 * that question, each asserted under the schedules its file names (the lock-step one and perturbed ones).
 */
class OrderingScenariosTest {
    private static Scenario load(String id) {
        return ScenarioLoader.load(Path.of("../traces/scenarios/" + id + ".yaml"));
    }

    /** The sectors the leaf received, in issue order, in the lock-step run. */
    private static List<Long> issueOrder(Scenario s, Strategy st) {
        List<Long> d = new ArrayList<>();
        ScenarioRunner.runOnce(s, st, List.of(), ScenarioRunner.schedule(s.seed()), s.seed(), o -> {
            if (o.kind() == ObservationKind.DISPATCH) {
                d.add(o.sector());
            }
        });
        return d;
    }

    static Stream<Arguments> s9() {
        return Stream.of(
                // the one FIFO list of <= v4.10: the order b2f5974079d8's message describes
                Arguments.of(Strategy.BARE, List.of(0L, 2048L, 1024L, 3072L)),
                // the two-list loop: both remainders of md0 are "same", the 1 MiB one first
                Arguments.of(Strategy.V519, List.of(0L, 2048L, 3072L, 1024L)),
                Arguments.of(Strategy.V60, List.of(0L, 2048L, 3072L, 1024L)),
                Arguments.of(Strategy.V618, List.of(0L, 1024L, 2048L, 3072L)),
                Arguments.of(Strategy.BVA1, List.of(0L, 2048L, 1024L, 3072L)),
                Arguments.of(Strategy.BVA2, List.of(0L, 1024L, 2048L, 3072L)));
    }

    @ParameterizedTest(name = "S9 under {0} issues {1}")
    @MethodSource("s9")
    void s9RecursiveSplitOrder(Strategy st, List<Long> expected) {
        Scenario s = load("S9");
        assertThat(issueOrder(s, st)).containsExactlyElementsOf(expected);
        boolean inOrder = expected.equals(List.of(0L, 1024L, 2048L, 3072L));
        ScenarioResult r = ScenarioRunner.explore(s, st, List.of(), s.schedules());
        Exploration.OrderRange o = r.exploration().outOfOrder();
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(o.min()).as("every schedule").isEqualTo(o.max()).isEqualTo(inOrder ? 0 : 1);
    }

    /**
     * The stack the issue first proposed for S9 — an upper DM splitting at 1 MiB over a lower one splitting at
     * 512 KiB — is in order under every ordering: each DM call leaves one remainder (docs/kernel-model.md §8.2).
     */
    @ParameterizedTest(name = "DM over DM under {0} issues in order")
    @EnumSource(names = {"BARE", "OFFL", "DF", "V519", "V60", "V618", "BVA1", "BVA2"})
    void dmOnlyDoubleSplitStaysInOrder(Strategy st, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("dm-only.yaml");
        java.nio.file.Files.writeString(f, """
                id: DMONLY
                stack:
                  leaves:
                    - {name: sda, devno: "8:0", latency: 1ms}
                  table: |
                    Y: 0 1048576 striped 1 1024 8:0 0
                    X: 0 1048576 striped 1 2048 /dev/mapper/Y 0
                workload:
                  tasks:
                    - bios:
                        - {device: X, op: read, sector: 0, sectors: 4096}
                """);
        Scenario s = ScenarioLoader.load(f);
        assertThat(issueOrder(s, st)).containsExactly(0L, 1024L, 2048L, 3072L);
    }

    /** What the lock-step run of S10 shows of the two zoned mechanisms. */
    private record ZonedMechanisms(long held, long dmEntrySplits, long leafSplits) {
    }

    private static ZonedMechanisms zonedMechanisms(Scenario s, Strategy st) {
        long[] c = new long[3];
        ScenarioRunner.runOnce(s, st, List.of(), ScenarioRunner.schedule(s.seed()), s.seed(), o -> {
            if (o.kind() == ObservationKind.ORDER && o.order() == OrderFact.ZONE_PLUGGED) {
                c[0]++;
            } else if (o.kind() == ObservationKind.SPLIT && o.split() == SplitKind.BIO_SPLIT) {
                c[o.device().equals("sdz") ? 2 : 1]++;
            }
        });
        return new ZonedMechanisms(c[0], c[1], c[2]);
    }

    static Stream<Arguments> s10() {
        // 4 tasks x 8 writes of 1.5 MiB = 384 pieces of 128 KiB; 12 zones written (3 per task)
        ZonedMechanisms diskChecks = new ZonedMechanisms(0, 0, 352);
        ZonedMechanisms plugging = new ZonedMechanisms(372, 0, 352);
        // 6.17+: X cuts the two straddling writes of each task at its entry (8 + 4 heads), the disk the rest
        ZonedMechanisms pluggingAndDmSplit = new ZonedMechanisms(372, 48, 304);
        return Stream.of(Arguments.of(Strategy.BARE, diskChecks), Arguments.of(Strategy.DF, diskChecks),
                Arguments.of(Strategy.V519, diskChecks), Arguments.of(Strategy.V60, diskChecks),
                Arguments.of(Strategy.V610, plugging), Arguments.of(Strategy.V617, pluggingAndDmSplit),
                Arguments.of(Strategy.V618, pluggingAndDmSplit), Arguments.of(Strategy.BVA1, plugging),
                Arguments.of(Strategy.BVA2, plugging));
    }

    /**
     * S10 by era: up to 6.9 the disk checks each write; from 6.10 zone write plugging holds all but one write per
     * zone (372 of 384 here) and checks each when its turn comes; from 6.17 DM cuts zone-straddling writes at its
     * entry. Every write is issued in order and none fails, in every schedule (docs/kernel-model.md §8.2).
     */
    @ParameterizedTest(name = "S10 under {0}: in order, none unaligned, in every schedule; {1}")
    @MethodSource("s10")
    void s10ZonedWritesThroughDmStayInOrder(Strategy st, ZonedMechanisms expected) {
        Scenario s = load("S10");
        ScenarioResult r = ScenarioRunner.explore(s, st, List.of(), s.schedules());
        assertThat(r.exploration().outcomes()).containsOnlyKeys(Outcome.FINE);
        assertThat(r.exploration().outOfOrder().max()).isZero();
        assertThat(r.exploration().outOfOrder().maxUnalignedWrites()).isZero();
        RunResult one = ScenarioRunner.run(s, st, List.of()).run();
        assertThat(one.order().issues()).as("8 x 1.5 MiB per task, split at 128 KiB").isEqualTo(4 * 8 * 12);
        assertThat(one.errors()).isZero();
        assertThat(zonedMechanisms(s, st)).isEqualTo(expected);
        // one write per zone in flight: 32 pieces of 1 ms per zone instead of the disk's queue depth
        assertThat(one.maxLatencyNs()).isEqualTo(expected.held() > 0 ? 31_998_000L : 11_988_000L);
    }

    /**
     * Zone write plugging delays, it does not reorder (docs/kernel-model.md §2.6): S9's out-of-order write stream on
     * a zoned member fails the same two writes with plugging (V610) as without (V60); the three pieces behind the
     * first wait in the zone's plug and are checked, in arrival order, as the write before them completes.
     */
    @Test
    void zoneWritePluggingHoldsButDoesNotReorder() {
        Scenario w = zonedS9Write();
        RunResult v60 = ScenarioRunner.run(w, Strategy.V60, List.of()).run();
        RunResult v610 = ScenarioRunner.run(w, Strategy.V610, List.of()).run();
        assertThat(v60.order().unalignedWrites()).isEqualTo(2);
        assertThat(v610.order().unalignedWrites()).isEqualTo(2);
        assertThat(v610.errors()).isEqualTo(1);
        long[] held = new long[1];
        List<Long> failed = new ArrayList<>();
        ScenarioRunner.runOnce(w, Strategy.V610, List.of(), ScenarioRunner.schedule(w.seed()), w.seed(), o -> {
            if (o.kind() == ObservationKind.ORDER && o.order() == OrderFact.ZONE_PLUGGED) {
                held[0]++;
            } else if (o.kind() == ObservationKind.ORDER && o.order() == OrderFact.UNALIGNED_WRITE) {
                failed.add(o.sector());
            }
        });
        assertThat(held[0]).isEqualTo(3);
        assertThat(failed).containsExactly(2048L, 3072L);
        // the knob alone turns it on for any era
        RunResult v519Plugged = ScenarioRunner.run(w, Strategy.V519, List.of("zoneWritePlugging=true")).run();
        assertThat(v519Plugged.order().unalignedWrites()).isEqualTo(2);
        // BVA1 issues 0, 1M, 512k, 1536k: 1M fails, so 1536k is ahead of the pointer too (1M was never written)
        assertThat(ScenarioRunner.run(w, Strategy.BVA1, List.of()).run().order().unalignedWrites()).isEqualTo(2);
        assertThat(ScenarioRunner.run(w, Strategy.V618, List.of()).run().order().unalignedWrites()).isZero();
    }

    /** S9's stack with its member zoned and the 2 MiB read turned into a write. */
    private static Scenario zonedS9Write() {
        Scenario s9 = load("S9");
        StackSpec.Leaf l = s9.stack().leaves().get(0);
        StackSpec zoned = new StackSpec(List.of(new StackSpec.Leaf(l.name(), l.devno(), l.capacity(), l.model(),
                l.maxSectors(), 65536)), s9.stack().mds(), s9.stack().dms());
        return new Scenario("S9w", s9.title(), s9.source(), s9.notes(), zoned,
                List.of(new SyntheticWorkload.TaskPlan("T1", List.of(new BioRequest(0, "X", Op.WRITE, 0, 0, 4096)))),
                s9.mode(), s9.pressure(), s9.stallThresholdNs(), s9.timeLimitNs(), s9.seed(), s9.knobOverrides(),
                s9.strategies(), java.util.Map.of(), s9.suspends(), 1, -1);
    }

    /**
     * The zoned disk's check itself: S9's stack on a zoned member, written instead of read. The model's md raid0
     * is not a zoned-capable device in the kernel; this checks the model's mechanism (an out-of-order write
     * becomes an unaligned-write error), not a kernel claim.
     */
    @Test
    void outOfOrderWritesToAZonedDiskFailAsUnaligned() {
        Scenario w = zonedS9Write();
        RunResult v519 = ScenarioRunner.run(w, Strategy.V519, List.of()).run();
        RunResult v618 = ScenarioRunner.run(w, Strategy.V618, List.of()).run();
        // 0, 1M, 1536k, 512k: 1M and 1536k are ahead of the write pointer (512k) and fail; 512k is then at it
        assertThat(v519.order().unalignedWrites()).isEqualTo(2);
        assertThat(v519.errors()).isEqualTo(1);
        assertThat(v618.order().unalignedWrites()).isZero();
        assertThat(v618.errors()).isZero();
    }

    @ParameterizedTest(name = "S11 under {0} is {1} in every schedule")
    @MethodSource("s11")
    void s11HellwigsConcern(Strategy st, Outcome claimed) {
        Scenario s = load("S11");
        ScenarioResult r = ScenarioRunner.explore(s, st, List.of(), s.schedules());
        assertThat(r.outcome()).as(r.exploration().outcomes() + ": " + r.chain()).isEqualTo(claimed);
        assertThat(r.expected()).isEqualTo(claimed);
        if (claimed == Outcome.MEMORY_DEADLOCK) {
            assertThat(r.exploration().outcomes()).containsOnlyKeys(Outcome.MEMORY_DEADLOCK);
            assertThat(r.chain()).contains("mempool_alloc for mempool md->io_bs of X")
                    .contains("(WRITE to Y1) parked on bio_list[1] of").endsWith("(cycle)");
        } else {
            assertThat(r.exploration().outcomes()).containsOnlyKeys(Outcome.FINE);
        }
    }

    static Stream<Arguments> s11() {
        return Stream.of(Arguments.of(Strategy.V519, Outcome.FINE), Arguments.of(Strategy.V618, Outcome.FINE),
                Arguments.of(Strategy.BVA1, Outcome.MEMORY_DEADLOCK), Arguments.of(Strategy.BVA2, Outcome.FINE));
    }
}
