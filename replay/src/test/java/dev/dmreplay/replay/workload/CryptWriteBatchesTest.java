package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code dmcrypt_write} (dm-crypt.c v6.1) submits the writes it took from its tree in ascending sector order, a few
 * microseconds apart: a write reaches the tree, in a replay, when the kernel's thread took its batch.
 */
class CryptWriteBatchesTest {
    private static final long US = 1_000L;

    @Test
    void eachWriteTakesTheFirstSubmissionOfItsBatch() {
        // (Q, submitted) per sector: a batch 100, 108, 116 at 1000-1020 us; 40 us later a new batch (200, 208);
        // 300 us later a write at a lower sector 5 us after the one before: a batch of its own (sector order)
        Map<Long, long[]> pairs = Map.of(
                100L, new long[] {10 * US, 1000 * US},
                108L, new long[] {20 * US, 1010 * US},
                116L, new long[] {30 * US, 1020 * US},
                200L, new long[] {40 * US, 1060 * US},
                208L, new long[] {50 * US, 1065 * US, 2000 * US, 2300 * US},
                96L, new long[] {60 * US, 2305 * US});
        Map<Long, long[]> b = CryptWriteBatches.batchStarts(pairs, CryptWriteBatches.BATCH_GAP_NS);
        assertThat(b.get(100L)).containsExactly(10 * US, 1000 * US);
        assertThat(b.get(108L)).containsExactly(20 * US, 1000 * US);
        assertThat(b.get(116L)).containsExactly(30 * US, 1000 * US);
        assertThat(b.get(200L)).containsExactly(40 * US, 1060 * US);
        assertThat(b.get(208L)).containsExactly(50 * US, 1060 * US, 2000 * US, 2300 * US);
        assertThat(b.get(96L)).containsExactly(60 * US, 2305 * US);
        // the input is left as it was
        assertThat(pairs.get(108L)).containsExactly(20 * US, 1010 * US);
    }
}
