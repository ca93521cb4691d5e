package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * Empty flushes (fsync's PREFLUSH) take the disk's own flush time: blktrace files blk-flush's flush request ("FN")
 * under neither READ nor WRITE, and its sector is 0 where the flush bio was queued at a target's offset, so the
 * learnt service and queue-to-dispatch times of the model's flush requests came from the disk's 4 KiB writes.
 */
class FlushFidelityTest {

    @Test
    void stripedFlushesTakeTheDisksFlushTime() throws Exception {
        // before: str flush model/kernel p50 0.84, p90 0.84, p99 2.29; 254:16 flush 0.78, 0.33, 2.70
        FidelityReport r = FidelityCheckTest.check("real-striped", Strategy.MODERN);
        FidelityReport.Latency top = r.latencyByOp().get("str flush");
        assertThat(top.kernel().n()).isEqualTo(top.model().n()).isPositive();
        assertThat(top.ratio50()).isBetween(0.9, 1.1);
        assertThat(top.ratio99()).isBetween(0.75, 1.25);
        FidelityReport.Latency leg = r.latencyByOp().get("254:16 flush");
        assertThat(leg.ratio50()).isBetween(0.9, 1.1);
        assertThat(leg.ratio90()).isBetween(0.9, 1.1);
    }

    @Test
    void aLinearTargetsFlushQueuedAtItsOffsetIsDispatchedLikeTheKernels() throws Exception {
        // the flush bio is queued at sector 2048 (the target's offset), its flush request dispatched at 0;
        // before: lin flush model/kernel p50 0.99, p90 3.06, p99 1.61
        FidelityReport r = FidelityCheckTest.check("real-linear", Strategy.MODERN);
        FidelityReport.Latency top = r.latencyByOp().get("lin flush");
        assertThat(top.ratio50()).isBetween(0.9, 1.1);
        assertThat(top.ratio90()).isBetween(0.8, 1.2);
    }
}
