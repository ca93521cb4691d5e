package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Page-cache writeback through targets whose own threads issue the writes, on 6.1 (traces/real-thin-buffered,
 * real-raid1-buffered, real-mirror-buffered): an fsync queues 4096 page writes within a few milliseconds.
 *
 * <ul>
 *   <li>thin: every write is deferred to the pool worker (256 new blocks, each zeroed first), which remapped them
 *       one by one, at about 75 us of CPU time each, up to 291 ms after their {@code Q}. The model's map path had
 *       been charged the thin device's in-line remaps' time for each deferral (10-30 us where the kernel queued the
 *       next page 6 us later), fell 250 ms behind the trace, and its worker, with nothing left to wait for, wrote
 *       every page within a millisecond: write Q2C 0.006 / 0.035 / 0.11 of the kernel's.</li>
 *   <li>raid1 without a bitmap: the mirror writes go down from the writer's own submission and merge in its plug
 *       (8938 of 8952 leg writes queued by fio); through raid1d, write Q2C was 7.0 / 5.1 / 3.9 of the kernel's.</li>
 *   <li>mirror: kmirrord wrote the pages to both legs at about 110 us each, the last ones 545 ms after their
 *       {@code Q}, beyond the 200 ms the model had taken for a pairing error: 0.005 / 0.31 / 0.36.</li>
 * </ul>
 */
class BufferedWorkerFidelityTest {

    @ParameterizedTest
    @CsvSource({"real-thin-buffered, thin0 sync write", "real-raid1-buffered, r1 sync write",
            "real-mirror-buffered, mir sync write"})
    void writebackThroughATargetsThreadTakesTheKernelsTime(String bundle, String writes) throws Exception {
        FidelityReport r = FidelityCheckTest.check(bundle, Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(5023);
        assertThat(r.matched()).isEqualTo(5023);
        FidelityReport.Latency w = r.latencyByOp().get(writes);
        assertThat(w.kernel().n()).isEqualTo(4476);
        assertThat(w.ratio50()).as("p50").isBetween(0.85, 1.15);
        assertThat(w.ratio90()).as("p90").isBetween(0.85, 1.15);
        assertThat(w.ratio99()).as("p99").isBetween(0.85, 1.2);
    }
}
