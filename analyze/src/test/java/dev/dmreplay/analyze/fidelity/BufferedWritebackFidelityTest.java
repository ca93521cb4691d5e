package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * Page-cache writeback on a 6.1 linear device (traces/real-linear-buffered): the task that called fsync queues 4 KiB
 * writes under one plug ({@code generic_writepages}), and blk-mq merges them there into requests of up to the
 * queue's limits. The replay keeps a task's plug open across writes the trace shows queued into a plug that still
 * held a request ({@code TracedPlugs}); plugged one write at a time, the model dispatched every 4 KiB write alone.
 * A request that grew there is dispatched right after its last merge: the disk's learnt Q→D runs from that merge.
 */
class BufferedWritebackFidelityTest {

    @Test
    void writebackPagesMergeInTheTasksPlugAsTheKernelsDid() throws Exception {
        FidelityReport r = FidelityCheckTest.check("real-linear-buffered", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(5023);
        assertThat(r.matched()).isEqualTo(5023);
        FidelityReport.Pair d = r.dispatches().get("254:0");
        assertThat(d.kernel()).isEqualTo(943);
        // 5023 with a plug per write; 946 now
        assertThat(d.model()).isBetween(900L, 990L);
        // and each request's Q->D from its last merge, not from its first page's Q (the plug's whole life, which the
        // model's own plug had already taken): Q2C 7.75 / 4.94 / 3.85 with a plug per write, 2.36 / 1.73 / 1.44 with
        // the plug, 0.93 / 0.92 / 1.20 now (seeds 2-4: p50 0.85-0.95, p99 0.91-1.02)
        FidelityReport.Latency lin = r.latency().get("lin");
        assertThat(lin.ratio50()).isBetween(0.85, 1.15);
        assertThat(lin.ratio99()).isBetween(0.75, 1.25);
    }
}
