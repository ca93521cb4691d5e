package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code traces/real-cache-wb-striped}: a write-back dm-cache (smq, 64 KiB blocks, 16 MiB) over a 2-way stripe set,
 * whose kernel queued 18 promotions within 5 ms of its first period end where the modelled policy, ticking 0.7 ms
 * earlier on fewer lookups, queued 4. With the policy deciding alone, 865 of 1175 bios were exact; following the
 * promotions the trace shows ({@code CachePromotions}, {@code TracedPromotions}), all of them, under every seed
 * tried.
 */
class CachePromotionsFidelityTest {
    private static FidelityReport check(Knobs knobs, long seed) throws Exception {
        TraceReplay.Setup setup = new TraceReplay.Setup(FidelityCheckTest.traces().resolve("real-cache-wb-striped"),
                null, knobs, MemoryPressure.parse("none"), seed, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults());
        return FidelityCheck.run(setup, Strategy.MODERN.name(), FidelityCheck.MISMATCHES_SHOWN, null,
                FidelityCheck.Submission.APPLICATION_DEPTH);
    }

    @Test
    void promotionsFollowTheKernelsAndEveryBioLandsWhereTheKernelsDid() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            FidelityReport r = check(Strategy.MODERN.knobs, seed);
            assertThat(r.bios()).isEqualTo(1175);
            assertThat(r.notes()).contains("cache: promotions follow the kernel's (256 in the trace)");
            assertThat(r.matched()).as("seed %d", seed).isEqualTo(1175);
            // the promotions' copy writes to the cache device, as many as the kernel's (173)
            FidelityReport.Pair copies = r.workerIo().get("cfast").get("write");
            assertThat(copies.model()).as("seed %d", seed).isEqualTo(copies.kernel());
        }
    }

    @Test
    void thePolicyAloneMissesTheBlocksItsLaterTickLeftUnpromoted() throws Exception {
        FidelityReport r = check(Strategy.MODERN.knobs.with("cachePromotions", "policy"), 1);
        assertThat(r.notes()).noneMatch(n -> n.startsWith("cache: promotions follow"));
        assertThat(r.matched()).isLessThan(1000);
    }
}
