package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * A thin volume with an external origin shorter than itself, on a 6.1 capture (traces/real-thin-extorigin): the
 * pool worker sends reads of unprovisioned blocks to the origin at the same sector ({@code process_cell} →
 * {@code remap_to_origin_and_issue}, dm-thin.c v6.1), and a first write covering part of a block has kcopyd copy
 * the block from the origin into the new data block ({@code provision_block} → {@code schedule_external_copy} →
 * {@code schedule_copy}); whole-block writes are remapped without a copy. Before the model had external origins the
 * replay refused the table.
 */
class ThinExternalOriginFidelityTest {

    @Test
    void readsGoToTheOriginAndPartialFirstWritesCopyFromIt() throws Exception {
        FidelityReport r = FidelityCheckTest.check("real-thin-extorigin", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(1737);
        assertThat(r.matched()).as("matched bios").isGreaterThanOrEqualTo(r.bios() * 999 / 1000);
        // the worker's 613 remaps of unprovisioned reads onto the origin, bio by bio
        assertThat(r.byDevice().get("eorig")).isEqualTo(new FidelityReport.Counts(613, 613, 613));
        // kcopyd's copy reads of whole blocks on the origin (Q with no remap) and the copies' writes to the pool
        assertThat(r.workerIo().get("eorig").get("read")).isEqualTo(new FidelityReport.Pair(93, 93));
        assertThat(r.workerIo().get("pool").get("write")).isEqualTo(new FidelityReport.Pair(93, 93));
        assertThat(r.notes()).anyMatch(n -> n.contains("421 provisioning bios placed in the kernel's worker passes"));
    }

    @Test
    void aroundTheOriginsEndTheDataBlocksGoWhereTheKernelPutThem() throws Exception {
        // traces/real-thin-extorigin-edge: after a pass of four origin copies the kernel's kcopyd wrote them under
        // one plug, where they front-merged into two requests done in 0.4 ms; the model wrote them apart, and each
        // drew a disk time from the whole trace's 256-sector writes (up to milliseconds), so the writes waiting on
        // those blocks, and fio's next ones, reached the pool worker after the kernel's next pass: 472 of 488 (seed
        // 1), 467 (seed 2), 479 (seed 3). A request the kernel merged into a larger one now takes that request's
        // time (TraceServiceModel#coveringRequests).
        for (int seed = 1; seed <= 3; seed++) {
            FidelityReport r = FidelityCheckTest.check("real-thin-extorigin-edge", Strategy.MODERN, seed);
            assertThat(r.bios()).isEqualTo(488);
            assertThat(r.matched()).as("seed %d", seed).isEqualTo(488);
            assertThat(r.workerIo().get("eorig").get("read")).isEqualTo(new FidelityReport.Pair(82, 82));
        }
    }
}
