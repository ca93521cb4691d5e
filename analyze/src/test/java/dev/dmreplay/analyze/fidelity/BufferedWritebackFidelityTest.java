package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * Page-cache writeback on a 6.1 linear device (traces/real-linear-buffered): the task that called fsync queues 4 KiB
 * writes under one plug ({@code generic_writepages}), and blk-mq merges them there into requests of up to the
 * queue's limits. The replay keeps a task's plug open across writes the trace shows queued into a plug that still
 * held a request ({@code TracedPlugs}); plugged one write at a time, the model dispatched every 4 KiB write alone.
 */
class BufferedWritebackFidelityTest {

    @Test
    void writebackPagesMergeInTheTasksPlugAsTheKernelsDid() throws Exception {
        FidelityReport r = FidelityCheckTest.check("real-linear-buffered", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(5023);
        assertThat(r.matched()).isEqualTo(5023);
        FidelityReport.Pair d = r.dispatches().get("254:0");
        assertThat(d.kernel()).isEqualTo(943);
        // 5023 with a plug per write; 948 now
        assertThat(d.model()).isBetween(900L, 990L);
    }
}
