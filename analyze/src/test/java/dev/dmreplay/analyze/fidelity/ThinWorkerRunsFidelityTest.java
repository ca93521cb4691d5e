package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * The thin pool worker on the kernel's run times ({@code WorkerRunSchedule} of the thin model): writes that the
 * kernel's worker took in one pass and provisioned in sector order are batched the same way in the replay, so
 * more of them get the kernel's data blocks.
 */
class ThinWorkerRunsFidelityTest {

    @Test
    void newBlocksAreProvisionedInTheOrderOfTheKernelsWorkerRuns() throws Exception {
        // with the worker running as soon as it was woken: 2425 of 2718 exact (89.2 %)
        FidelityReport r = FidelityCheckTest.check("thin", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("thin-pool pool: trace-driven worker runs from "));
        assertThat(r.matched()).isGreaterThanOrEqualTo(2470);
    }

    @Test
    void sharingIsBrokenInTheOrderOfTheKernelsWorkerRuns() throws Exception {
        // with the worker running as soon as it was woken: 1174 of 1405 exact (83.6 %)
        FidelityReport r = FidelityCheckTest.check("real-thin-snap", Strategy.MODERN);
        assertThat(r.matched()).isGreaterThanOrEqualTo(1265);
    }
}
