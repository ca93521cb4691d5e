package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * kmirrord on the kernel's run times ({@code MirrorTarget.workerRuns}): a mirror write waits in
 * {@code ms->writes} until kmirrord runs, and on the traced machine that took 0.1 ms at the median and up to
 * 10 ms, which a worker run at once left out of every write's latency.
 */
class MirrorWorkerRunsFidelityTest {

    @Test
    void mirrorWritesWaitForTheKernelsKmirrordRuns() throws Exception {
        // with kmirrord running as soon as it was woken: Q2C model/kernel 0.73 (p50), 0.76 (p90), 0.64 (p99)
        FidelityReport r = FidelityCheckTest.check("real-mirror", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("mirror mir: trace-driven kmirrord runs from "));
        FidelityReport.Latency mir = r.latency().get("mir");
        assertThat(mir.ratio50()).isBetween(0.82, 1.1);
        assertThat(mir.ratio90()).isBetween(0.78, 1.25);
        // every write still reaches both legs at the kernel's sectors
        assertThat(r.matched()).isEqualTo(r.bios()).isEqualTo(2718);
    }
}
