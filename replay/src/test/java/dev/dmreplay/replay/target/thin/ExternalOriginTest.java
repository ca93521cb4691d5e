package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A thin device with an external origin (dm-thin.c v6.1) on a small stack: 64 KiB blocks, and an origin
 * {@code eorig} (linear on sdo) of 1000 sectors, shorter than the thin device and ending 104 sectors into virtual
 * block 7. {@code process_cell} sends a read of an unprovisioned block to the origin at the same sector
 * ({@code remap_to_origin_and_issue}), cut at the origin's end, or completes it without I/O past the end;
 * {@code provision_block} → {@code schedule_external_copy} copies the origin's part of a block into the new block
 * (the tail zeroed when the pool zeroes new blocks), a whole-block write needs no copy, and a block past the
 * origin's end is provisioned as without an origin ({@code schedule_zero}).
 */
class ExternalOriginTest {
    private static final long MS = 1_000_000;

    /** A remap from one device to the next (REMAP observation), when. */
    record Remap(long time, String from, String to, long sector, long sectors) {
    }

    private record Run(ThinPool pool, List<Remap> remaps, List<Long> completions) {
        List<Remap> to(String device) {
            return remaps.stream().filter(r -> r.to().equals(device)).toList();
        }
    }

    private static Scenario scenario(String features, String bios) {
        return ScenarioLoader.parse("thin-extorigin.yaml", """
                id: thin-extorigin
                stack:
                  leaves:
                    - {name: sdm, devno: "8:0", latency: 100us}
                    - {name: sdd, devno: "8:16", latency: 100us}
                    - {name: sdo, devno: "8:32", latency: 100us}
                  table: |
                    eorig: 0 1000 linear 8:32 0
                    pool: 0 8192 thin-pool 8:0 8:16 128 0 %s
                    thin0: 0 65536 thin /dev/mapper/pool 0 /dev/mapper/eorig
                workload:
                  mode: timed
                  tasks:
                    - count: 1
                      bios:
                %s
                """.formatted(features, bios.indent(8)));
    }

    private static Run run(Scenario s, Machine m) {
        List<Remap> remaps = new ArrayList<>();
        List<Long> completions = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.REMAP) {
                remaps.add(new Remap(o.time(), o.device(), o.resource(), o.sector(), o.sectors()));
            } else if (o.kind() == ObservationKind.COMPLETE && "sdd".equals(o.device())) {
                completions.add(o.time());
            }
        });
        ThinTestStack.runToCompletion(m, s);
        return new Run(ThinTestStack.pool(m), remaps, completions);
    }

    private static Run run(String features, String bios) {
        Scenario s = scenario(features, bios);
        return run(s, ThinTestStack.machine(s, "thinMetadataCache=WARM"));
    }

    @Test
    void unprovisionedReadsGoToTheOriginAtTheSameSectorCutAtItsEnd() {
        Run r = run("0", """
                - {device: thin0, op: read, sector: 16, sectors: 8, at: 0}
                - {device: thin0, op: read, sector: 992, sectors: 16, at: 1ms}
                - {device: thin0, op: read, sector: 1024, sectors: 8, at: 2ms}
                """);
        assertThat(r.to("eorig")).extracting(Remap::from, Remap::sector, Remap::sectors).containsExactly(
                org.assertj.core.groups.Tuple.tuple("thin0", 16L, 8L),
                // across the origin's end: bi_size = (origin_size - bi_sector) << 9
                org.assertj.core.groups.Tuple.tuple("thin0", 992L, 8L));
        assertThat(r.pool().stats().originReads).isEqualTo(2);
        assertThat(r.pool().stats().unprovisionedReads).as("past the end: zeroes, no I/O").isEqualTo(1);
        assertThat(r.to("sdd")).isEmpty();
        assertThat(r.pool().stats().blocksProvisioned).isZero();
    }

    @Test
    void aPartialWriteCopiesItsBlockFromTheOrigin() {
        Run r = run("0", "- {device: thin0, op: write, sector: 264, sectors: 8, at: 0}");
        long data = r.pool().meta.lookup(0, 2).dataBlock() * 128;
        // kcopyd: the whole block from the origin at the virtual block's own sectors, to the new data block
        assertThat(r.to("sdo")).extracting(Remap::sector, Remap::sectors)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(256L, 128L));
        assertThat(r.to("sdd")).extracting(Remap::sector, Remap::sectors).containsExactly(
                org.assertj.core.groups.Tuple.tuple(data, 128L), org.assertj.core.groups.Tuple.tuple(data + 8, 8L));
        assertThat(r.pool().stats().externalCopies).isEqualTo(1);
        assertThat(r.pool().stats().zeroWrites).isZero();
    }

    @Test
    void theBlockAcrossTheOriginsEndCopiesWhatTheOriginHasAndZeroesTheTail() {
        Run r = run("0", "- {device: thin0, op: write, sector: 904, sectors: 8, at: 0}");
        long data = r.pool().meta.lookup(0, 7).dataBlock() * 128;
        assertThat(r.to("sdo")).extracting(Remap::sector, Remap::sectors)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(896L, 104L));
        assertThat(r.to("sdd")).extracting(Remap::sector, Remap::sectors).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(data, 104L), org.assertj.core.groups.Tuple.tuple(data + 104, 24L),
                org.assertj.core.groups.Tuple.tuple(data + 8, 8L));
        assertThat(r.pool().stats().zeroWrites).isEqualTo(1);
    }

    @Test
    void withSkipBlockZeroingTheTailIsNotZeroed() {
        Run r = run("1 skip_block_zeroing", "- {device: thin0, op: write, sector: 904, sectors: 8, at: 0}");
        long data = r.pool().meta.lookup(0, 7).dataBlock() * 128;
        assertThat(r.to("sdo")).extracting(Remap::sector, Remap::sectors)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(896L, 104L));
        assertThat(r.to("sdd")).extracting(Remap::sector, Remap::sectors).containsExactly(
                org.assertj.core.groups.Tuple.tuple(data, 104L), org.assertj.core.groups.Tuple.tuple(data + 8, 8L));
        assertThat(r.pool().stats().zeroWrites).isZero();
    }

    @Test
    void aWholeBlockOverwriteIsRemappedWithoutACopyEvenWithoutZeroing() {
        for (String features : List.of("0", "1 skip_block_zeroing")) {
            Run r = run(features, "- {device: thin0, op: write, sector: 384, sectors: 128, at: 0}");
            assertThat(r.to("sdo")).as(features).isEmpty();
            assertThat(r.to("sdd")).as(features).hasSize(1);
            assertThat(r.pool().stats().overwrites).as(features).isEqualTo(1);
            assertThat(r.pool().stats().externalCopies).as(features).isZero();
        }
    }

    @Test
    void aWritePastTheOriginsEndIsProvisionedAsWithoutAnOrigin() {
        Run zeroing = run("0", "- {device: thin0, op: write, sector: 2056, sectors: 8, at: 0}");
        assertThat(zeroing.to("sdo")).isEmpty();
        assertThat(zeroing.pool().stats().zeroWrites).isEqualTo(1);
        assertThat(zeroing.to("sdd")).extracting(Remap::sectors).containsExactly(128L, 8L);
        Run skip = run("1 skip_block_zeroing", "- {device: thin0, op: write, sector: 2056, sectors: 8, at: 0}");
        assertThat(skip.to("sdo")).isEmpty();
        assertThat(skip.to("sdd")).extracting(Remap::sectors).containsExactly(8L);
    }

    /**
     * The mapping is prepared only when both the copy and the tail's zeroing completed ({@code prepare_actions}):
     * under every schedule (CPU time per mapped piece and seed), the write goes down to the new block only after
     * both of kcopyd's writes there completed, and the origin is read once, by the copy.
     */
    @Test
    void theWriteWaitsForTheCopyAndTheZeroingUnderEverySchedule() {
        Scenario base = scenario("0", """
                - {device: thin0, op: write, sector: 904, sectors: 8, at: 0}
                """);
        for (List<String> knobs : List.of(List.<String>of(), List.of("cpuNsPerMap=20us"),
                List.of("cpuNsPerMap=300us"))) {
            for (long seed : new long[] {1, 7, 42}) {
                Scenario s = base.withSeed(seed);
                List<String> all = new ArrayList<>(knobs);
                all.add("thinMetadataCache=WARM");
                Machine m = new Machine(s.stack(), Strategy.MODERN.knobs.withAll(all), s.pressure(), seed);
                Run r = run(s, m);
                String where = knobs + " seed " + seed;
                long data = r.pool().meta.lookup(0, 7).dataBlock() * 128;
                Remap write = r.to("sdd").stream().filter(x -> x.sector() == data + 8 && x.sectors() == 8)
                        .findFirst().orElseThrow();
                assertThat(r.completions()).as(where).hasSizeGreaterThanOrEqualTo(2);
                long prepared = r.completions().get(1); // the copy's write and the zeroing, the first two on sdd
                assertThat(write.time()).as(where).isGreaterThanOrEqualTo(prepared);
                assertThat(r.to("sdo")).as(where + ": only the copy read the origin").hasSize(1);
            }
        }
    }
}
