package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three dm-cache captures of 6.1 (smq) whose promotions the model got wrong: which origin block goes to which cache
 * block depends on which misses promote, and that on when smq re-assesses its promote level (at every tick) and
 * ends its hotspot period.
 * <ul>
 *   <li>{@code traces/real-cache-wt} (write-through, 128 KiB blocks): the kernel's first hotspot period ended
 *       between two writes about 3 ms apart, between two 10 ms candidates of the waker-phase fit. The fit settled
 *       on 475 ms, 34 of 125 origin blocks in the kernel's cache block, 1055 of 1660 bios exact. The
 *       milliseconds before the kernel's first copy reads are candidates now ({@code CacheWakerPhase}).</li>
 *   <li>{@code traces/real-cache-wb-crypt} (write-back over dm-crypt): a completion drawn from the device's samples
 *       instead of the bio's own recorded one came 60 us early, and the next write, remapped 9 us after it in the
 *       model and 61 us before the kernel's completion, became smq's tick bio: ticks, promote levels and
 *       promotions went another way from 0.5 s (1097 of 1288 exact). And a crypt write's map path in fio's
 *       context drew from the crypt reads' samples (the trace times only reads there), so fio's next write came
 *       29 us late, after such a completion (seed 3: 1138).</li>
 *   <li>{@code traces/real-cache-wt-late} (write-through, 256 KiB blocks): the kernel promoted nothing in the
 *       first two seconds, so a fit over them had no mapping to compare; the phase stayed at its default and the
 *       model promoted 165 blocks where the kernel promoted 44 (849 of 1461 exact). The fit's horizon now reaches
 *       one period past the kernel's first copy read.</li>
 * </ul>
 */
class CacheFidelityTest {
    private static FidelityReport check(String bundle, long seed) throws Exception {
        // the policy deciding alone, as the waker-phase fit is made only then (promotions followed from the
        // trace make the phase irrelevant: CachePromotionsFidelityTest)
        TraceReplay.Setup setup = new TraceReplay.Setup(FidelityCheckTest.traces().resolve(bundle), null,
                Strategy.MODERN.knobs.with("cachePromotions", "policy"), MemoryPressure.parse("none"), seed,
                ReplayMode.parse("timed", 32), Map.of(), 0, 0, false, ReplayRun.Options.defaults());
        return FidelityCheck.run(setup, Strategy.MODERN.name(), FidelityCheck.MISMATCHES_SHOWN, null,
                FidelityCheck.Submission.APPLICATION_DEPTH);
    }

    private static String phaseNote(FidelityReport r) {
        return r.notes().stream().filter(n -> n.startsWith("cache: waker phase")).findFirst().orElseThrow();
    }

    @Test
    void writeThroughFindsAPeriodEndBetweenTwoCoarseCandidates() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            FidelityReport r = check("real-cache-wt", seed);
            assertThat(r.bios()).isEqualTo(1660);
            assertThat(phaseNote(r)).as("seed %d", seed).contains("125 of 125 origin blocks");
            // the one left: a write at 0.548 s that the model's cache took as a hit, its block's promotion done there
            // and not yet in the kernel
            assertThat(r.matched()).as("seed %d", seed).isGreaterThanOrEqualTo(1659);
            FidelityReport.Pair copies = r.workerIo().get("cfast").get("write");
            assertThat(copies.model()).isEqualTo(copies.kernel()).isEqualTo(192);
        }
    }

    @Test
    void writeBackOverCryptTicksOnTheKernelsTickBios() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            FidelityReport r = check("real-cache-wb-crypt", seed);
            assertThat(r.bios()).isEqualTo(1288);
            // the kernel's period ended between the misses at about 464 ms and 469 ms
            Matcher m = Pattern.compile("waker phase (\\d+)ms").matcher(phaseNote(r));
            assertThat(m.find()).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as("seed %d", seed).isBetween(464, 469);
            // 1096-1128 before, with every seed
            assertThat(r.matched()).as("seed %d", seed).isEqualTo(1288);
        }
    }

    @Test
    void writeThroughWhoseFirstPromotionsComeLateIsFittedOverALongerHorizon() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            FidelityReport r = check("real-cache-wt-late", seed);
            assertThat(r.bios()).isEqualTo(1461);
            // the kernel's first copy read at 2.351 s: the fit compares the mapping up to 4 s
            assertThat(phaseNote(r)).as("seed %d", seed).contains("37 of 37 origin blocks").contains("first 4s");
            FidelityReport.Pair copies = r.workerIo().get("cfast").get("write");
            assertThat(copies.model()).as("promotions, seed %d", seed).isEqualTo(copies.kernel()).isEqualTo(44);
            // 849 with the phase left at its default: the model promoted 165 blocks from 0.545 s on
            assertThat(r.matched()).as("seed %d", seed).isEqualTo(1461);
        }
    }
}
