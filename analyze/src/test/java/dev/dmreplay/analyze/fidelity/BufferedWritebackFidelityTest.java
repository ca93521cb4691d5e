package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Page-cache writeback on a 6.1 linear device (traces/real-linear-buffered): the task that called fsync queues 4 KiB
 * writes under one plug ({@code generic_writepages}), and blk-mq merges them there into requests of up to the
 * queue's limits. The replay keeps a task's plug open across writes the trace shows queued into a plug that still
 * held a request ({@code TracedPlugs}); plugged one write at a time, the model dispatched every 4 KiB write alone.
 * A request that grew there is dispatched right after its last merge: the disk's learnt Q→D runs from that merge.
 */
class BufferedWritebackFidelityTest {

    private static FidelityReport check(int seed) throws Exception {
        TraceReplay.Setup setup = new TraceReplay.Setup(FidelityCheckTest.traces().resolve("real-linear-buffered"),
                null, Strategy.MODERN.knobs, MemoryPressure.parse("none"), seed, ReplayMode.parse("timed", 32),
                Map.of(), 0, 0, false, ReplayRun.Options.defaults());
        return FidelityCheck.run(setup, "MODERN", FidelityCheck.MISMATCHES_SHOWN, null,
                FidelityCheck.Submission.APPLICATION_DEPTH);
    }

    /**
     * Under several seeds: the kernel's 943 requests exactly, and the top device's Q2C within the bounds.
     * 5023 requests with a plug per write; 946 while the plug look-ahead stopped at the end of each batch of 1024
     * bios (the plug was finished there and the writeback's requests went down half full); Q2C p50 7.75 with a plug
     * per write, 2.36 with the plug, 0.93 with each request's Q->D from its last merge (the plug's life is the
     * model's own), 0.82 once no request went down half full, 1.01 with the bios of one request ending one after
     * the other ({@code blk_update_request}: 254 upper completions over about 1 ms).
     */
    @Test
    void writebackPagesMergeInTheTasksPlugAsTheKernelsDid() throws Exception {
        for (int seed : new int[] {1, 2, 3}) {
            FidelityReport r = check(seed);
            assertThat(r.bios()).isEqualTo(5023);
            assertThat(r.matched()).isEqualTo(5023);
            FidelityReport.Pair d = r.dispatches().get("254:0");
            assertThat(d.kernel()).isEqualTo(943);
            assertThat(d.model()).as("seed %d", seed).isEqualTo(943);
            FidelityReport.Latency lin = r.latency().get("lin");
            assertThat(lin.ratio50()).as("seed %d", seed).isBetween(0.90, 1.10);
            assertThat(lin.ratio99()).as("seed %d", seed).isBetween(0.75, 1.25);
        }
    }
}
