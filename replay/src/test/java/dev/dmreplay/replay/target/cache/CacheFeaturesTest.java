package dev.dmreplay.replay.target.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dm-cache on a small synthetic stack (metadata sdm, cache sdc, origin sdo; 64 KiB blocks): a partial write miss
 * goes to the origin and promotes its block through kcopyd, later I/O to the block hits the cache, a whole-block
 * write fills a new block itself (overwrite), a flush commits the metadata and goes to origin and cache, a
 * discard is passed down, and once the origin idled for a second the dirty blocks are written back; the
 * write-through and passthrough modes, {@code no_discard_passdown}, and a write held in the prison cell while its
 * block is being promoted. These runs use the model's simple {@code hitcount} policy, so that what they check of the
 * core does not depend on smq's clock; passthrough's invalidation runs under smq over a loaded mapping.
 */
class CacheFeaturesTest {
    private static final String BIOS = """
            - {device: cached, op: write, sector: 8, sectors: 8, at: 0}
            - {device: cached, op: read, sector: 16, sectors: 8, at: 5ms}
            - {device: cached, op: write, sector: 256, sectors: 128, at: 6ms}
            - {device: cached, op: write, sector: 24, sectors: 8, at: 7ms}
            - {device: cached, op: write, sector: 0, sectors: 0, flags: [preflush], at: 8ms}
            - {device: cached, op: discard, sector: 1280, sectors: 128, at: 9ms}
            """;

    private record Run(RunResult r, Cache c, List<Observation> obs) {
        /** The remaps dm core recorded out of the cache device: "lower device sector", in order. */
        List<String> remaps() {
            return obs.stream().filter(o -> o.kind() == ObservationKind.REMAP && o.device().equals("cached"))
                    .map(o -> o.resource() + " " + o.sector()).toList();
        }

        /** The sectors of the bios a leaf completed. */
        List<Long> completedOn(String leaf) {
            return obs.stream().filter(o -> o.kind() == ObservationKind.COMPLETE && o.device().equals(leaf))
                    .map(Observation::sector).toList();
        }

        /** Bios per "device path RWBS issuer". */
        Map<String, Long> data() {
            Map<String, Long> m = new TreeMap<>();
            c.dataIo().forEach((k, v) -> m.put(k.replace('\t', ' '), v[0]));
            return m;
        }

        /** Worker bios per "device class RWBS". */
        Map<String, Long> worker() {
            Map<String, Long> m = new TreeMap<>();
            c.workerIo().forEach(x -> m.merge(x.device() + " " + x.cls() + " " + x.rwbs(), x.bios(), Long::sum));
            return m;
        }
    }

    private static Run run(String features, String bios, Strategy st) {
        return run(features, bios, st, 131072);
    }

    private static Run run(String features, String bios, Strategy st, long cacheSectors) {
        return run(features, "hitcount", bios, st, cacheSectors, c -> { });
    }

    private static Run run(String features, String policy, String bios, Strategy st, long cacheSectors,
                           java.util.function.Consumer<Cache> before) {
        String yaml = """
                id: cache-features
                stack:
                  leaves:
                    - {name: sdm, devno: "8:0", latency: 100us, capacity: 16384}
                    - {name: sdc, devno: "8:16", latency: 100us, capacity: %d}
                    - {name: sdo, devno: "8:32", latency: 100us, capacity: 524288}
                  table: |
                    cached: 0 524288 cache 8:0 8:16 8:32 128 %s %s 0
                workload:
                  mode: timed
                  tasks:
                    - count: 1
                      bios:
                %s
                """.formatted(cacheSectors, features, policy, bios.indent(8));
        Scenario s = ScenarioLoader.parse("cache-features.yaml", yaml);
        Machine m = new Machine(s.stack(), st.knobs, s.pressure(), 1);
        Cache cache = null;
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md && md.table().targets().get(0) instanceof CacheTarget ct) {
                cache = ct.cache();
            }
        }
        assertThat(cache).isNotNull();
        before.accept(cache);
        List<Observation> obs = new ArrayList<>();
        m.kernel.addListener(obs::add);
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()), new ReplayRun.Options(1_000_000_000L,
                120_000_000_000L));
        return new Run(r, cache, obs);
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BARE", "RESC", "DF", "MODERN"})
    void writebackPromotesOverwritesCommitsAndCleansWhenIdle(Strategy st) {
        Run x = run("1 writeback", BIOS, st);
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(x.r.submitted()).isEqualTo(6);
        Map<String, Long> d = x.data();
        assertThat(d).containsEntry("sdo MISS_ORIGIN W task", 1L)
                .containsEntry("sdc HIT_CACHE R task", 1L)
                .containsEntry("sdc HIT_CACHE W task", 1L)
                .containsEntry("sdc OVERWRITE_PROMOTION W task", 1L)
                // flush clone 0 is the dm_io's embedded clone: from v5.x on (G3/G4) it keeps the incoming flush's
                // own flags (this scenario's flush has no REQ_SYNC), the others are cloned from the on-stack flush_bio
                .containsEntry(st.knobs.splitsHeadOrLater() ? "sdo FLUSH FW worker" : "sdo FLUSH FWS worker", 1L)
                .containsEntry("sdc FLUSH FWS worker", 1L)
                .containsEntry("sdo DISCARD_PASSDOWN D worker", 1L);
        Map<String, Long> w = x.worker();
        // one promotion copied from the origin; two dirty blocks (the written hit and the overwritten block)
        // written back once the origin had been idle for COMMIT_PERIOD
        assertThat(w).containsEntry("sdo COPY_READ R", 1L).containsEntry("sdc COPY_WRITE W", 1L)
                .containsEntry("sdc COPY_READ R", 2L).containsEntry("sdo COPY_WRITE W", 2L);
        // the flush found the two new mappings uncommitted: one commit, 4 blocks + superblock and two flushes
        assertThat(w).containsEntry("sdm METADATA_WRITE W", 5L).containsEntry("sdm METADATA_WRITE FWS", 2L);
        Cache.Stats s = x.c.stats();
        assertThat(s.promotions).isEqualTo(2);
        assertThat(s.overwrites).isEqualTo(1);
        assertThat(s.writebacks).isEqualTo(2);
        assertThat(s.commits).isEqualTo(1);
        assertThat(x.c.status()).startsWith("128 2/1024 1 0 1 1 0 2 0 1 writeback 2 migration_threshold 2048 hitcount 0");
    }

    @Test
    void writethroughSendsWritesToCleanBlocksToBothDevicesAndNeverCleans() {
        Run x = run("1 writethrough", BIOS, Strategy.MODERN);
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(x.r.submitted()).isEqualTo(6);
        Map<String, Long> d = x.data();
        // the whole-block write is no shortcut outside write-back: a miss, whose block is promoted by a copy
        assertThat(d).containsEntry("sdo MISS_ORIGIN W task", 2L)
                .containsEntry("sdo WRITETHROUGH_ORIGIN W task", 1L)
                .containsEntry("sdc HIT_CACHE W task", 1L)
                .doesNotContainKey("sdc OVERWRITE_PROMOTION W task");
        assertThat(x.worker()).containsEntry("sdo COPY_READ R", 2L).doesNotContainKey("sdc COPY_READ R");
        assertThat(x.c.stats().writebacks).isZero();
        assertThat(x.c.status()).contains(" 0 1 writethrough ");
    }

    /**
     * A write-through write to a clean cached block ({@code remap_to_origin_and_cache}, dm-cache-target.c v6.1):
     * the bio is remapped to its cache block, and the cache clones it onto the origin at the block's origin
     * sector and submits the clone itself. dm core records a remap for the original only; the 6.1 capture shows
     * the clone as a {@code Q} on the origin without an {@code A}, the cache's own I/O like its copies. Origin
     * block 2 is in cache block 5 (128-sector blocks): the write at 272 goes to the cache at 5 * 128 + 16 = 656 and
     * to the origin at 272, and 272 is no remap of the write.
     */
    @Test
    void aWritethroughHitIsRemappedToTheCacheAndItsOriginCloneIsTheCachesOwnBioAtTheOriginSector() {
        String bios = """
                - {device: cached, op: write, sector: 272, sectors: 8, at: 0}
                """;
        Run x = run("1 writethrough", "smq", bios, Strategy.MODERN, 131072, c -> c.loadMapping(2, 5, false));
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(1);
        assertThat(x.remaps()).containsExactly("sdc 656");
        assertThat(x.completedOn("sdc")).containsExactly(656L);
        assertThat(x.completedOn("sdo")).containsExactly(272L);
        assertThat(x.data()).containsEntry("sdo WRITETHROUGH_ORIGIN W task", 1L)
                .containsEntry("sdc HIT_CACHE W task", 1L);
        assertThat(x.c.stats().writeHits).isEqualTo(1);
        assertThat(x.c.status()).contains(" 0 1 writethrough ");
    }

    /**
     * The same from the worker: a write to a block being promoted waits in the prison cell, and once the
     * promotion is done {@code process_deferred_bios} maps it as a write-through hit; {@code process_bio}'s
     * {@code dm_submit_bio_remap} records the remap of the write to the cache (the 6.1 capture's {@code A} from a
     * kworker), while the origin clone is again the cache's own bio.
     */
    @Test
    void aDeferredWritethroughHitIsRemappedToTheCacheFromTheWorker() {
        String bios = """
                - {device: cached, op: write, sector: 8, sectors: 8, at: 0}
                - {device: cached, op: write, sector: 32, sectors: 8, at: 150us}
                """;
        Run x = run("1 writethrough", bios, Strategy.MODERN);
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(2);
        assertThat(x.c.stats().cellWaits).isEqualTo(1);
        assertThat(x.data()).containsEntry("sdo MISS_ORIGIN W task", 1L).containsEntry("sdc HIT_CACHE W worker", 1L)
                .containsEntry("sdo WRITETHROUGH_ORIGIN W worker", 1L);
        // the miss to the origin, then the deferred write to the cache block promotion gave it (the first: 0)
        assertThat(x.remaps()).containsExactly("sdo 8", "sdc 32");
        assertThat(x.completedOn("sdo")).contains(8L, 32L);
    }

    @Test
    void passthroughSendsEverythingToTheOriginWithoutMigrations() {
        Run x = run("1 passthrough", BIOS, Strategy.MODERN);
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(6);
        assertThat(x.data()).containsEntry("sdo MISS_ORIGIN W task", 3L).containsEntry("sdo MISS_ORIGIN R task", 1L)
                .doesNotContainKey("sdc HIT_CACHE R task");
        assertThat(x.worker()).doesNotContainKey("sdo COPY_READ R").doesNotContainKey("sdm METADATA_WRITE W");
        assertThat(x.c.stats().promotions).isZero();
    }

    @Test
    void noDiscardPassdownEndsTheDiscardInTheCache() {
        Run x = run("2 writeback no_discard_passdown", BIOS, Strategy.MODERN);
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(6);
        assertThat(x.data()).doesNotContainKey("sdo DISCARD_PASSDOWN D worker");
        assertThat(x.c.stats().discards).isEqualTo(1);
    }

    @Test
    void aWriteToABlockBeingPromotedWaitsInTheCellAndTheWorkerSendsItToTheCache() {
        String bios = """
                - {device: cached, op: write, sector: 8, sectors: 8, at: 0}
                - {device: cached, op: write, sector: 32, sectors: 8, at: 150us}
                """;
        Run x = run("1 writeback", bios, Strategy.MODERN);
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(2);
        assertThat(x.c.stats().cellWaits).isEqualTo(1);
        assertThat(x.data()).containsEntry("sdo MISS_ORIGIN W task", 1L).containsEntry("sdc HIT_CACHE W worker", 1L);
    }

    @Test
    void aFullCacheDemotesTheLeastRecentlyHitCleanBlockAfterACommitToPromoteABlockThatMissedTwice() {
        String bios = """
                - {device: cached, op: read, sector: 0, sectors: 8, at: 0}
                - {device: cached, op: read, sector: 128, sectors: 8, at: 5ms}
                - {device: cached, op: read, sector: 136, sectors: 8, at: 10ms}
                - {device: cached, op: read, sector: 256, sectors: 8, at: 15ms}
                - {device: cached, op: read, sector: 264, sectors: 8, at: 20ms}
                - {device: cached, op: read, sector: 272, sectors: 8, at: 25ms}
                """;
        Run x = run("1 writeback", bios, Strategy.MODERN, 256); // two cache blocks
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(6);
        Cache.Stats s = x.c.stats();
        // blocks 0 and 1 fill the cache; block 2 misses once (no room, first miss), misses again (second miss
        // within the window: block 0, hit least recently, is demoted, which waits for a commit), and its third
        // read misses while the freed block is being filled
        assertThat(s.demotions).isEqualTo(1);
        assertThat(s.promotions).isEqualTo(3);
        assertThat(s.commits).isEqualTo(1);
        assertThat(s.readHits).isEqualTo(1);
        assertThat(x.worker()).containsEntry("sdo COPY_READ R", 3L).doesNotContainKey("sdc COPY_READ R");
        assertThat(x.c.status()).startsWith("128 2/2 1 5 0 0 1 3 0 ");
    }

    @Test
    void passthroughInvalidatesAWrittenCachedBlockCommitsThenWritesTheOrigin() {
        String bios = """
                - {device: cached, op: read, sector: 8, sectors: 8, at: 0}
                - {device: cached, op: write, sector: 16, sectors: 8, at: 5ms}
                - {device: cached, op: read, sector: 24, sectors: 8, at: 10ms}
                """;
        Run x = run("1 passthrough", "smq", bios, Strategy.MODERN, 131072, c -> c.loadMapping(0, 5, false));
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(x.r.submitted()).isEqualTo(3);
        // the read hit goes to the origin; the write hit invalidates: the mapping is removed and committed (one
        // array block, spine, space map, superblock, two flushes), then the write goes to the origin from the
        // worker; the later read misses
        assertThat(x.data()).containsEntry("sdo HIT_PASSTHROUGH R task", 1L)
                .containsEntry("sdo INVALIDATE_ORIGIN W worker", 1L)
                .containsEntry("sdo MISS_ORIGIN R task", 1L)
                .doesNotContainKey("sdc HIT_CACHE R task");
        assertThat(x.worker()).containsEntry("sdm METADATA_WRITE W", 5L).containsEntry("sdm METADATA_WRITE FWS", 2L);
        assertThat(x.c.stats().commits).isEqualTo(1);
        assertThat(x.c.status()).startsWith("128 0/1024 1 1 1 0 1 0 0 1 passthrough ");
    }

    /**
     * A replayed smq cache stands for one created before its trace and idle since: the waker's tick a period after
     * {@code __smq_create} (6.1) ended a hotspot period on no accesses, {@code Q_POOR}, so the hotspot level jump is
     * 4, not the 1 {@code __smq_create} sets. Sixteen 4 KiB writes to one origin block 10 ms apart, all before the
     * waker's first tick in the replay (0.5 s): each completes, so each ends a tick and the next access is the
     * entry's first in its tick. The entry enters at level 0 and climbs 4 an access, reaches the promote level 48
     * (a poor queue's) at the 13th write, which queues the promotion; the last writes hit the cache. With a jump of
     * 1 it would reach level 15 and nothing would be promoted. (The 6.1 capture this was found on promoted 11
     * blocks this way during its write phase, a second before its first hotspot period ended.)
     */
    @Test
    void aReplayedSmqCacheClimbsTheHotspotQueueFourLevelsAnAccessBeforeItsFirstPeriodEnds() {
        StringBuilder bios = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            bios.append("- {device: cached, op: write, sector: ").append(8 * i).append(", sectors: 8, at: ")
                    .append(10 * i).append("ms}\n");
        }
        Run x = run("1 writeback", "smq", bios.toString(), Strategy.MODERN, 131072, c -> { });
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(16);
        SmqPolicy smq = (SmqPolicy) x.c.policy;
        assertThat(smq.hotspotLevel(0)).isGreaterThanOrEqualTo(48);
        assertThat(x.worker()).containsEntry("sdo COPY_READ R", 1L).containsEntry("sdc COPY_WRITE W", 1L);
        assertThat(smq.cblockOf(0)).isZero();
        assertThat(x.data()).containsEntry("sdo MISS_ORIGIN W task", 13L).containsEntry("sdc HIT_CACHE W task", 3L);
    }

    @Test
    void anUnknownPolicyIsOneLineNamingTheTableLine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> run("1 writeback", "lru", BIOS, Strategy.MODERN, 131072, c -> { }))
                // refused while the table is parsed, as dm_cache_policy_create() refuses it: file, line, segment
                .hasMessageStartingWith("cache-features.yaml (stack.table):1: cached segment 0")
                .hasMessageContaining("unknown policy 'lru'")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
