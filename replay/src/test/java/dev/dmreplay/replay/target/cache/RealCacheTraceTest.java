package dev.dmreplay.replay.target.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.HelperIoComparison;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real dm-cache capture ({@code traces/real-cache}, kernel 6.1, write-back, smq) replayed end to end; per
 * device and class the model's lower data bios (the cache's remaps, A records in the trace), its migration copies
 * (kcopyd, worker Q records without a remap) and its metadata commits are compared with the kernel's.
 */
class RealCacheTraceTest {
    private static final Path BUNDLE = Path.of("../traces/real-cache");

    /** The kernel's remaps out of the cache device: "to-device RWBS issuer" → bios. */
    static Map<String, Long> kernelRemaps(Path bundle, String top) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        Map<Integer, String> comm = new HashMap<>();
        try (OpenedTrace t = TraceOpener.open(bundle, ReadOptions.STRICT, null)) {
            EventSource src = t.events();
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify()) {
                    if (e.kind() == Action.NOTIFY_PROCESS) {
                        comm.put(e.pid(), e.text());
                    }
                    continue;
                }
                if (e.kind() != Action.REMAP || !t.deviceName(DevNo.ofKernel(e.remapFromDevice())).equals(top)) {
                    continue;
                }
                String who = comm.getOrDefault(e.pid(), "?").startsWith("kworker/") ? "worker" : "task";
                out.merge(t.deviceName(e.dev()) + " " + e.rwbs() + " " + who, 1L, Long::sum);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"MODERN", "DF", "BARE"})
    void replaysAndMatchesTheKernelPerDeviceAndClass(Strategy st) throws Exception {
        // the policy deciding alone, its waker phase fitted (following the kernel's promotions would make it so)
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null,
                st.knobs.with("cachePromotions", "policy"),
                MemoryPressure.none(), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        Cache c = ((CacheTarget) ((MappedDevice) p.machine().device("cached")).table().targets().get(0)).cache();
        Map<String, Long> kernel = kernelRemaps(BUNDLE, "cached");
        Map<String, Long> model = new TreeMap<>();
        c.dataIo().forEach((k, v) -> {
            String[] f = k.split("\t");
            model.merge(f[0] + " " + f[2] + " " + f[3], v[0], Long::sum);
        });
        Map<String, HelperIoComparison.Row> rows = new LinkedHashMap<>();
        for (HelperIoComparison.Row row : HelperIoComparison.compare(p.machine(), p.workload())) {
            rows.put(row.device() + " " + row.rwbs() + " " + row.issuer(), row);
        }
        String kernelStatus = Files.readString(BUNDLE.resolve("dmsetup-status-after.txt")).lines()
                .filter(l -> l.startsWith("cached:")).findFirst().orElseThrow();
        System.out.printf("CACHE %s outcome %s %d/%d%n  kernel remaps %s%n  model remaps  %s%n  helper %s%n"
                + "  status model  %s%n  status kernel %s%n  stats commits=%d overwrites=%d cellWaits=%d%n", st,
                r.outcome(), r.completed(), r.submitted(), kernel, model, rows.values(), c.status(), kernelStatus,
                c.stats().commits, c.stats().overwrites, c.stats().cellWaits);

        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        // every bio fio issued to the cache device (the Q records on dm-3) is replayed and completes
        assertThat(r.submitted()).isEqualTo(r.completed()).isEqualTo(2908);

        // lower data bios. Exact where the policy and timing cannot matter: all 2000 reads hit (the 8 MiB hot set
        // is promoted during the write phase in both), both flush bios of each of the 12 fsyncs, the 32 discards
        // passed down to the origin
        for (String k : new String[] {"cfast R task", "cfast FWS worker", "corig FWS worker", "corig DS worker"}) {
            assertThat(model.get(k)).as(k).isEqualTo(kernel.get(k)).isPositive();
        }
        // every write lands exactly once, on the cache or on the origin (write-back): 800 + 2 x 64
        assertThat(sum(model, " WS ")).isEqualTo(sum(kernel, " WS ")).isEqualTo(928);
        // write misses to the origin: smq promotes a block once its hotspot block's level reaches the promote level,
        // which depends on when the hotspot period ends against the trace; the waker phase fitted from the trace's
        // cache mapping (CacheWakerPhase) gives the kernel's 172 (the default half period gave 328)
        assertThat(model.get("corig WS task")).isEqualTo(kernel.get("corig WS task")).isEqualTo(172L);

        // migration copies (kcopyd, Q records without a remap). 128 promotions read the origin and write the cache;
        // the dirty blocks (hot blocks written after their promotion, 128 filled by the sequential whole-block
        // writes) are written back once the origin has idled for a second: 256 copies, the kernel's exactly with
        // the fitted phase (221 with the default half period: hot blocks promoted after their last write stay clean)
        for (String k : new String[] {"corig R worker", "cfast W worker", "cfast R worker", "corig W worker"}) {
            assertThat(rows.get(k).modelBios()).as(k).isEqualTo(rows.get(k).kernelBios()).isPositive();
        }
        assertThat(rows.get("corig R worker").modelClasses()).isEqualTo("COPY_READ");
        assertThat(rows.get("corig W worker").modelClasses()).isEqualTo("COPY_WRITE");
        // metadata commits: each fsync that finds new mappings commits (5 writes, 2 flushes each); which fsyncs
        // do depends on when promotions finish, so the count may differ by two commits (the kernel: 10)
        HelperIoComparison.Row flushes = rows.get("cmeta FWS worker");
        HelperIoComparison.Row writes = rows.get("cmeta W worker");
        assertThat(flushes.kernelBios()).isEqualTo(20);
        assertThat(flushes.modelBios()).isEqualTo(2 * c.stats().commits);
        assertThat(c.stats().commits).isEqualTo(10);
        // smq hands out cache blocks from 0 up, so the 256 mappings all sit in the mapping array's first block
        // (509 entries a block): one array block, spine, space maps and superblock, 5 writes a commit as the kernel's
        assertThat(writes.kernelBios()).isEqualTo(5 * flushes.kernelBios() / 2);
        assertThat(writes.modelBios()).isEqualTo(5 * c.stats().commits);
        assertThat(writes.modelClasses()).isEqualTo("METADATA_WRITE");

        // dmsetup status: residency, read hits and misses, demotions, promotions, dirty as the kernel's
        String[] k = kernelStatus.split("\\s+");
        String[] m = c.status().split("\\s+");
        int o = 6; // "cached: 0 524288 cache 8 9/2048" precede the cache block size
        for (int i = 0; i <= 8; i++) {
            assertThat(m[i]).as("status field " + i).isEqualTo(k[o + i]);
        }
        // and every origin block in the kernel's cache block, so every hit on the kernel's cfast sector
        assertThat(modelCacheBlocks(c, kernelCacheBlocks())).isEqualTo(kernelCacheBlocks());
        assertThat(p.notes()).anyMatch(n -> n.startsWith("cache: waker phase ") && n.contains("fitted"));
    }

    /**
     * The cache's migration copies take the traced kernel's kcopyd times, as snapshots' and thin pools' do: a
     * promotion's read of the origin block and its write of the cache block wait for the kernel's records there
     * (the 6.1 capture of a small cache issued them up to 57 ms after the model would have).
     */
    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"MODERN"})
    void migrationCopiesWaitForTheKernelsKcopydRuns(Strategy st) throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, st.knobs,
                MemoryPressure.none(), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        Cache c = ((CacheTarget) ((MappedDevice) p.machine().device("cached")).table().targets().get(0)).cache();
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(c.kcopyd().starts()).as("a learnt schedule").isNotNull();
        assertThat(c.kcopyd().starts().held()).as("copies that waited for the kernel's run").isPositive();
        assertThat(p.notes()).anyMatch(n -> n.startsWith("kcopyd runs each job when the kernel's did")
                && n.contains("corig") && n.contains("cfast"));
    }

    /**
     * Without the knob the phase is fitted from the trace: the capture's remaps to cfast within the first two
     * seconds show where the kernel put each origin block, and the only 10 ms candidates that reproduce all of them
     * lie in the hotspot period end the capture shows (between the misses at 0.0988 s and 0.1077 s, just before the
     * first promotion copy).
     */
    @org.junit.jupiter.api.Test
    void theWakerPhaseIsFittedFromTheTracesCacheMapping() throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null,
                Strategy.MODERN.knobs.with("cachePromotions", "policy"), MemoryPressure.none(), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        String note = p.notes().stream().filter(n -> n.startsWith("cache: waker phase ")).findFirst().orElseThrow();
        System.out.println(note);
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("waker phase (\\d+)ms fitted .*\\((\\d+) of (\\d+) ")
                .matcher(note);
        assertThat(mt.find()).as(note).isTrue();
        assertThat(Long.parseLong(mt.group(1))).isBetween(99L, 107L);
        assertThat(mt.group(2)).isEqualTo(mt.group(3));
        // the knob still overrides: no fit; with the policy deciding alone, the default mapping order of a late
        // period end
        TraceReplay.Prepared q = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null,
                Strategy.MODERN.knobs.with("cacheWakerPhase", "500ms").with("cachePromotions", "policy"),
                MemoryPressure.none(), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        assertThat(q.notes()).noneMatch(n -> n.startsWith("cache: waker phase"));
        Cache c = ((CacheTarget) ((MappedDevice) q.machine().device("cached")).table().targets().get(0)).cache();
        assertThat(q.run(null, ReplayRun.Options.defaults()).outcome()).isEqualTo(Outcome.FINE);
        assertThat(c.status()).startsWith("128 256/1024 2000 0 ").doesNotStartWith("128 256/1024 2000 0 628 172 ");
        // following the kernel's promotions (the default), the wrong phase still gives the kernel's hits and misses
        TraceReplay.Prepared f = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null,
                Strategy.MODERN.knobs.with("cacheWakerPhase", "500ms"), MemoryPressure.none(), 1,
                ReplayMode.parse("timed", 32), Map.of(), 0, 0, false, ReplayRun.Options.defaults()));
        assertThat(f.notes()).contains("cache: promotions follow the kernel's (256 in the trace)");
        Cache fc = ((CacheTarget) ((MappedDevice) f.machine().device("cached")).table().targets().get(0)).cache();
        assertThat(f.run(null, ReplayRun.Options.defaults()).outcome()).isEqualTo(Outcome.FINE);
        assertThat(fc.status()).startsWith("128 256/1024 2000 0 628 172 ");
    }

    /** The kernel's origin block → cache block, from the remaps of {@code cached} to {@code cfast}. */
    static Map<Long, Long> kernelCacheBlocks() throws Exception {
        Map<Long, Long> kernel = new TreeMap<>();
        try (OpenedTrace t = TraceOpener.open(BUNDLE, ReadOptions.STRICT, null)) {
            EventSource src = t.events();
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify() || e.kind() != Action.REMAP || e.sectors() == 0 // flushes carry no sector
                        || !t.deviceName(e.dev()).equals("cfast")
                        || !t.deviceName(DevNo.ofKernel(e.remapFromDevice())).equals("cached")) {
                    continue;
                }
                Long was = kernel.put(e.remapFromSector() / 128, e.sector() / 128);
                assertThat(was).as("one cache block per origin block").isIn(null, e.sector() / 128);
            }
        }
        return kernel;
    }

    static Map<Long, Long> modelCacheBlocks(Cache c, Map<Long, Long> kernel) {
        Map<Long, Long> model = new TreeMap<>();
        kernel.keySet().forEach(o -> model.put(o, c.cblockOf(o)));
        return model;
    }

    /**
     * The capture's first promotion copy is at 0.11 s, so the kernel's hotspot period ended just before it: with the
     * waker's phase set to 0.1 s (the knob {@code cacheWakerPhase=100ms}) the replayed smq decides as the kernel
     * did, and {@code dmsetup status} (hits, misses, demotions, promotions, dirty) and the migration copies come out
     * exactly as the kernel's. The policy decides alone here ({@code cachePromotions=policy}: the replay's default
     * follows the kernel's promotions, which would make this hold whatever the policy did).
     */
    @org.junit.jupiter.api.Test
    void smqWithTheCapturesPhaseMissesAndMigratesExactlyAsTheKernel() throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null,
                Strategy.MODERN.knobs.with("cacheWakerPhase", "100ms").with("cachePromotions", "policy"),
                MemoryPressure.none(), 1,
                ReplayMode.parse("timed", 32), Map.of(), 0, 0, false, ReplayRun.Options.defaults()));
        Cache c = ((CacheTarget) ((MappedDevice) p.machine().device("cached")).table().targets().get(0)).cache();
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(c.status()).startsWith("128 256/1024 2000 0 628 172 0 256 0 1 writeback");
        Map<String, HelperIoComparison.Row> rows = new LinkedHashMap<>();
        for (HelperIoComparison.Row row : HelperIoComparison.compare(p.machine(), p.workload())) {
            rows.put(row.device() + " " + row.rwbs() + " " + row.issuer(), row);
        }
        for (String k : new String[] {"corig R worker", "cfast W worker", "cfast R worker", "corig W worker"}) {
            assertThat(rows.get(k).modelBios()).as(k).isEqualTo(rows.get(k).kernelBios()).isPositive();
        }
        // and the metadata commits: the same fsyncs find new mappings, 10 commits as the kernel's
        assertThat(c.stats().commits).isEqualTo(10);
        for (String k : new String[] {"cmeta W worker", "cmeta FWS worker"}) {
            assertThat(rows.get(k).modelBios()).as(k).isEqualTo(rows.get(k).kernelBios());
        }
    }

    /**
     * Where smq put each block: the kernel's remaps from {@code cached} to {@code cfast} give every mapped origin
     * block's cache block (cache sector / 128). With the capture's phase the model maps all 256 blocks to the same
     * cache blocks as the kernel, so every hit lands on the same cfast sector; this needs {@code alloc_entry}'s
     * 6.1 order (the free list's head, cache block 0 first: {@link SmqAllocator}). Popping the tail put the first
     * promotion at cache block 1023 and left 12 of 2768 remaps to cfast at the kernel's sector.
     */
    @org.junit.jupiter.api.Test
    void smqPutsEveryBlockInTheSameCacheBlockAsTheKernel() throws Exception {
        Map<Long, Long> kernel = new TreeMap<>();
        try (OpenedTrace t = TraceOpener.open(BUNDLE, ReadOptions.STRICT, null)) {
            EventSource src = t.events();
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify() || e.kind() != Action.REMAP || e.sectors() == 0 // flushes carry no sector
                        || !t.deviceName(e.dev()).equals("cfast")
                        || !t.deviceName(DevNo.ofKernel(e.remapFromDevice())).equals("cached")) {
                    continue;
                }
                Long was = kernel.put(e.remapFromSector() / 128, e.sector() / 128);
                assertThat(was).as("one cache block per origin block").isIn(null, e.sector() / 128);
            }
        }
        assertThat(kernel).hasSize(256);
        assertThat(kernel.get(6L)).isZero(); // the first promotion (0.11 s) took cache block 0

        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null,
                Strategy.MODERN.knobs.with("cacheWakerPhase", "100ms").with("cachePromotions", "policy"),
                MemoryPressure.none(), 1,
                ReplayMode.parse("timed", 32), Map.of(), 0, 0, false, ReplayRun.Options.defaults()));
        Cache c = ((CacheTarget) ((MappedDevice) p.machine().device("cached")).table().targets().get(0)).cache();
        assertThat(p.run(null, ReplayRun.Options.defaults()).outcome()).isEqualTo(Outcome.FINE);
        SmqPolicy smq = (SmqPolicy) c.policy;
        Map<Long, Long> model = new TreeMap<>();
        kernel.keySet().forEach(o -> model.put(o, smq.cblockOf(o)));
        assertThat(model).isEqualTo(kernel);
    }

    private static long sum(Map<String, Long> m, String part) {
        return m.entrySet().stream().filter(e -> e.getKey().contains(part)).mapToLong(Map.Entry::getValue).sum();
    }
}
