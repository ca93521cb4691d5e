package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the survey learns of a dm-cache's mapping, and how the waker phase is fitted to it. */
class CacheWakerPhaseTest {
    private static final int CACHED = (253 << 20) | 3;
    private static final int FAST = (253 << 20) | 1;
    private static final int ORIGIN = (253 << 20) | 2;
    private static final int A = 15;
    private static final long MS = 1_000_000L;

    /** A remap record onto {@code to} at {@code sector} from the cache device's {@code from}. */
    private static BlockEvent remap(long t, int to, long sector, long from, int bytes) {
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(CACHED).putInt(to).putLong(from);
        return new BlockEvent(t, 0, sector, bytes, Category.READ | A, 1, to, 0, 0, pdu.array());
    }

    private static CacheWakerPhase learnt() {
        CacheWakerPhase w = new CacheWakerPhase(new CacheDevices(CACHED, FAST, ORIGIN, 128));
        w.accept(new BlockEvent(1_000 * MS, 0, 0, 4096, Category.WRITE | 1, 1, CACHED, 0, 0, null)); // trace start
        w.accept(remap(1_100 * MS, FAST, 0 + 8, 6 * 128 + 8, 4096));       // origin block 6 in cache block 0
        w.accept(remap(1_200 * MS, FAST, 128 + 16, 9 * 128 + 16, 4096));   // 9 in 1
        w.accept(remap(1_300 * MS, FAST, 8, 6 * 128 + 8, 4096));           // again: the same block
        w.accept(remap(1_300 * MS, ORIGIN, 40 * 128, 40 * 128, 4096));     // a miss: not a mapping
        w.accept(remap(1_400 * MS, FAST, 0, 0, 0));                        // a flush clone: no sector
        w.accept(remap(3_100 * MS, FAST, 2 * 128, 11 * 128, 4096));        // past the two-second horizon
        return w;
    }

    @Test
    void learnsTheKernelsOriginToCacheBlocksFromTheRemapsToTheFastDevice() {
        assertThat(learnt().mapping()).containsExactly(Map.entry(6L, 0L), Map.entry(9L, 1L));
    }

    @Test
    void fitsTheMiddleOfTheBestRunOfPhasesAndRefinesItsEdgesToTheMillisecond() {
        CacheWakerPhase w = learnt();
        List<Long> tried = new ArrayList<>();
        // a model that puts both blocks right only when its period ends between 0.0988 s and 0.1077 s
        CacheWakerPhase.Fit f = w.fit(phase -> {
            tried.add(phase);
            boolean right = phase > 98_800_000L && phase < 107_700_000L;
            return right ? Map.of(6L, 0L, 9L, 1L) : Map.of(9L, 0L, 6L, 1L);
        });
        assertThat(f.learnt()).isTrue();
        assertThat(f.matched()).isEqualTo(2);
        assertThat(f.shown()).isEqualTo(2);
        // 100 ms is the only 10 ms candidate; 99 ms .. 107 ms after refining (98 and 108 fail), 103 ms their middle
        assertThat(f.phaseNs()).isEqualTo(103 * MS);
        assertThat(tried).contains(99 * MS, 107 * MS, 98 * MS, 108 * MS).doesNotContain(97 * MS, 109 * MS);
        assertThat(f.candidates()).isEqualTo(tried.size()).isEqualTo(100 + 10);
    }

    /**
     * The kernel's period end can lie in a jiffy (4 ms at HZ 250) between two 10 ms candidates: here phases of
     * 545 ms to 548 ms put both blocks right, while 540 ms to 544 ms (one jiffy early) put one right, as does
     * every coarse candidate near them at best. The walk out from the coarse best run (540 ms) meets 545 ms, which
     * scores higher: it is the new best, the walk goes on along it, and the phase is the middle of 545 .. 548 ms,
     * not of the coarse best's run. (The 6.1 write-through capture's kernel put 126 of 126 blocks where the model
     * with a 545 ms phase does, 23 with 540 ms to 544 ms; the fit settled on 542 ms before.)
     */
    @Test
    void aMillisecondCandidateBetterThanTheCoarseBestBecomesTheBest() {
        CacheWakerPhase w = learnt();
        CacheWakerPhase.Fit f = w.fit(phase -> {
            if (phase >= 545 * MS && phase <= 548 * MS) {
                return Map.of(6L, 0L, 9L, 1L);
            }
            return phase >= 540 * MS && phase < 545 * MS ? Map.of(6L, 0L) : Map.of();
        });
        assertThat(f.matched()).isEqualTo(2);
        assertThat(f.phaseNs()).isEqualTo(547 * MS);
    }

    @Test
    void amongEquallyGoodRunsTakesTheOneNearestTheDefaultAndWithoutAMappingTheDefault() {
        CacheWakerPhase w = learnt();
        // every phase from 280 ms to 510 ms fits (a period end in an idle gap), and so, by chance, does 50 ms
        Map<Long, Integer> calls = new HashMap<>();
        CacheWakerPhase.Fit f = w.fit(phase -> {
            calls.merge(phase, 1, Integer::sum);
            boolean right = phase == 50 * MS || phase >= 280 * MS && phase <= 510 * MS;
            return right ? Map.of(6L, 0L, 9L, 1L) : Map.of(6L, 0L);
        });
        assertThat(f.matched()).isEqualTo(2);
        assertThat(f.phaseNs()).isEqualTo(400 * MS);
        assertThat(calls.values()).containsOnly(1);

        CacheWakerPhase none = new CacheWakerPhase(new CacheDevices(CACHED, FAST, ORIGIN, 128));
        CacheWakerPhase.Fit d = none.fit(phase -> {
            throw new AssertionError("nothing to fit: no replay");
        });
        assertThat(d.learnt()).isFalse();
        assertThat(d.phaseNs()).isEqualTo(CacheWakerPhase.DEFAULT_PHASE_NS);
    }

    /**
     * The right phases can lie between two 10 ms candidates and away from the best coarse run: on the 6.1
     * write-through capture 465 ms to 467 ms put all 125 blocks right, 460 ms and 470 ms a third of them, and the
     * coarse best was elsewhere. The kernel's first copy read of a promotion (a read the origin queued that no remap
     * from the cache device made) came 3 ms after the promoting miss, so the milliseconds up to 20 ms before it are
     * candidates too; a read that is the clone of a cache remap is not a copy.
     */
    @Test
    void theMillisecondsBeforeTheKernelsFirstCopyReadsAreCandidates() {
        CacheWakerPhase w = new CacheWakerPhase(new CacheDevices(CACHED, FAST, ORIGIN, 128));
        w.accept(new BlockEvent(1_000 * MS, 0, 0, 4096, Category.WRITE | 1, 1, CACHED, 0, 0, null)); // trace start
        // a miss remapped to the origin and its clone's Q there: not a copy
        w.accept(remap(1_400 * MS, ORIGIN, 40 * 128, 40 * 128, 4096));
        w.accept(new BlockEvent(1_400 * MS + 5_000, 0, 40 * 128, 4096, Category.READ | 1, 1, ORIGIN, 0, 0, null));
        // the copy of origin block 6 at 469.07 ms, then a write of the cache's own to the fast device
        w.accept(new BlockEvent(1_469_070_000L, 0, 6 * 128, 65536, Category.READ | 1, 1, ORIGIN, 0, 0, null));
        w.accept(new BlockEvent(1_469_580_000L, 0, 0, 65536, Category.WRITE | 1, 1, FAST, 0, 0, null));
        w.accept(remap(1_500 * MS, FAST, 8, 6 * 128 + 8, 4096));
        w.accept(remap(1_520 * MS, FAST, 128, 9 * 128, 4096));
        assertThat(w.copyReads()).containsExactly(469_070_000L);

        List<Long> tried = new ArrayList<>();
        CacheWakerPhase.Fit f = w.fit(phase -> {
            tried.add(phase);
            if (phase >= 465 * MS && phase <= 467 * MS) {
                return Map.of(6L, 0L, 9L, 1L);
            }
            return phase == 200 * MS ? Map.of(6L, 0L) : Map.of();
        });
        assertThat(f.matched()).isEqualTo(2);
        assertThat(f.phaseNs()).isEqualTo(466 * MS);
        // 469 ms back to 450 ms (460 ms is a coarse candidate already); nothing replayed twice
        assertThat(tried).contains(450 * MS, 469 * MS).doesNotContain(449 * MS, 470 * MS + MS);
        assertThat(tried).doesNotHaveDuplicates();
        assertThat(f.candidates()).isEqualTo(tried.size());
    }

    /**
     * A first period end that promotes nothing (the hotspot levels still below the promote level) leaves the first
     * copies to the next one, a waker period later: on a 6.1 write-through capture with 32 KiB blocks the kernel's
     * first copy read came at 1.548 s. Its milliseconds one period back are the candidates then.
     */
    @Test
    void aCopyReadInTheSecondPeriodGivesCandidatesOnePeriodBack() {
        CacheWakerPhase w = new CacheWakerPhase(new CacheDevices(CACHED, FAST, ORIGIN, 128));
        w.accept(new BlockEvent(1_000 * MS, 0, 0, 4096, Category.WRITE | 1, 1, CACHED, 0, 0, null)); // trace start
        w.accept(new BlockEvent(2_547_680_000L, 0, 6 * 128, 65536, Category.READ | 1, 1, ORIGIN, 0, 0, null));
        w.accept(remap(2_600 * MS, FAST, 8, 6 * 128 + 8, 4096));
        assertThat(w.copyReads()).containsExactly(1_547_680_000L);
        List<Long> tried = new ArrayList<>();
        CacheWakerPhase.Fit f = w.fit(phase -> {
            tried.add(phase);
            return phase >= 528 * MS && phase <= 529 * MS ? Map.of(6L, 0L) : Map.of();
        });
        assertThat(tried).contains(528 * MS, 547 * MS).doesNotContain(1_528 * MS);
        assertThat(f.phaseNs()).isBetween(528 * MS, 529 * MS);
    }

    /**
     * A workload that misses the same blocks only later promotes nothing in the first seconds: on a 6.1
     * write-through capture with 256 KiB blocks the kernel's first copy read came at 2.351 s, after random reads at
     * queue depth 32 had promoted nothing. The horizon then reaches the end of the period after that one (4 s), the
     * copy read gives candidates two periods back, and a mapping shown past the horizon is not compared.
     */
    @Test
    void aLateFirstPromotionWidensTheHorizonToThePeriodAfterIt() {
        CacheWakerPhase w = new CacheWakerPhase(new CacheDevices(CACHED, FAST, ORIGIN, 128));
        w.accept(new BlockEvent(1_000 * MS, 0, 0, 4096, Category.WRITE | 1, 1, CACHED, 0, 0, null)); // trace start
        w.accept(new BlockEvent(3_350_960_000L, 0, 6 * 128, 65536, Category.READ | 1, 1, ORIGIN, 0, 0, null));
        w.accept(remap(3_383 * MS, FAST, 8, 6 * 128 + 8, 4096));
        w.accept(remap(4_900 * MS, FAST, 128, 9 * 128, 4096));   // in the period after: compared
        w.accept(remap(5_100 * MS, FAST, 256, 11 * 128, 4096));  // past the horizon
        assertThat(w.horizonNs()).isEqualTo(4_000 * MS);
        assertThat(w.mapping()).containsExactly(Map.entry(6L, 0L), Map.entry(9L, 1L));
        assertThat(w.copyReads()).containsExactly(2_350_960_000L);
        List<Long> tried = new ArrayList<>();
        CacheWakerPhase.Fit f = w.fit(phase -> {
            tried.add(phase);
            return phase >= 337 * MS && phase <= 339 * MS ? Map.of(6L, 0L, 9L, 1L, 11L, 2L) : Map.of(9L, 1L);
        });
        assertThat(tried).contains(331 * MS, 350 * MS).doesNotContain(2_350 * MS);
        assertThat(f.matched()).isEqualTo(2);
        assertThat(f.shown()).isEqualTo(2);
        assertThat(f.phaseNs()).isEqualTo(338 * MS);

        CacheWakerPhase late = new CacheWakerPhase(new CacheDevices(CACHED, FAST, ORIGIN, 128));
        late.accept(new BlockEvent(1_000 * MS, 0, 0, 4096, Category.WRITE | 1, 1, CACHED, 0, 0, null));
        late.accept(remap(6_500 * MS, FAST, 8, 6 * 128 + 8, 4096));
        assertThat(late.horizonNs()).as("at most MAX_HORIZON_NS").isEqualTo(CacheWakerPhase.MAX_HORIZON_NS);

        // whole-block writes promoted at once in the first second say nothing of the phase: the first copy read
        // (a promotion by level, at 1.968 s on the write-back capture) sets the horizon
        CacheWakerPhase wb = new CacheWakerPhase(new CacheDevices(CACHED, FAST, ORIGIN, 128));
        wb.accept(new BlockEvent(1_000 * MS, 0, 0, 4096, Category.WRITE | 1, 1, CACHED, 0, 0, null));
        wb.accept(remap(1_829 * MS, FAST, 0, 306 * 128, 65536));
        wb.accept(new BlockEvent(2_968 * MS, 0, 44 * 128, 65536, Category.READ | 1, 1, ORIGIN, 0, 0, null));
        assertThat(wb.horizonNs()).isEqualTo(3_000 * MS);
    }
}
