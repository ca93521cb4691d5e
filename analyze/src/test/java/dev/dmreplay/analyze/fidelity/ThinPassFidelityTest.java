package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * Which new block each thin write gets, on two 6.1 captures whose writes reach the pool in pieces or whole blocks:
 * the pool's space map hands blocks out in the order the worker provisions them, pass by pass, each pass sorted
 * by sector ({@code process_thin_deferred_cells}, dm-thin.c v6.1), so a piece left out of the kernel's pass, or a
 * pass taken too large, gives the following writes each other's blocks ({@code ThinWorkerPasses},
 * {@code UnzeroedProvisions}).
 */
class ThinPassFidelityTest {

    @Test
    void whole64KiBPiecesAndFuaFirstWritesOnAPoolWithoutZeroing() throws Exception {
        // 1272 of 1461 before: the O_SYNC first writes were remapped to the pool after the commit without a remap
        // record (untied from their bio), and the 128 KiB writes' 64 KiB pieces were in no pass, so the model's
        // first run after the learnt run time took them all and handed the blocks out in sector order
        FidelityReport r = FidelityCheckTest.check("real-thin-nozero-striped", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(1461);
        assertThat(r.notes()).anyMatch(n -> n.contains("528 provisioning bios placed in the kernel's worker passes"));
        assertThat(r.matched()).isEqualTo(1461);
    }

    @Test
    void splitRemaindersAndOverwritesOnAZeroingPool() throws Exception {
        // 1255 of 1315 before: a 3.5 KiB write across a block boundary left its remainder's cell to an earlier
        // worker run than its first piece's; then 1278 while 64 KiB overwrites (no zeroing before them) were in
        // no pass
        FidelityReport r = FidelityCheckTest.check("real-thin-passdown", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(1315);
        assertThat(r.notes()).anyMatch(n -> n.contains("428 provisioning bios placed in the kernel's worker passes"));
        assertThat(r.matched()).isEqualTo(1315);
    }
}
