package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The remap record of a bio the pool worker remapped is made when the bio goes down, as the kernel's {@code A} is
 * ({@code dm_submit_bio_remap}, dm.c v6.1), also when the model holds the bio for the traced kernel's issue of it
 * ({@link TracedIssue}). Made when the worker remapped it, the pool's Q2C of buffered writeback writes came to 150
 * ms at the median against the kernel's 0.22 ms: the hold was counted as time on the pool device.
 */
class HeldRemapRecordTest {
    private static final long MS = 1_000_000;

    @Test
    void aHeldWritesRemapIsRecordedWhenItGoesDown() {
        for (long remapAt : new long[] {3 * MS, 40 * MS}) {
            OverwriteIssueTest.Held h = OverwriteIssueTest.heldOverwrite(remapAt);
            assertThat(h.remaps()).hasSize(1);
            assertThat(h.dataWrites()).hasSize(1);
            assertThat(h.remaps().get(0).time()).as("held until %d ns", remapAt).isGreaterThanOrEqualTo(remapAt)
                    .isLessThanOrEqualTo(h.dataWrites().get(0));
        }
    }
}
