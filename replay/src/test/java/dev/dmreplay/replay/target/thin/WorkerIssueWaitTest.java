package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How long a bio the model's pool worker remapped waits for the traced kernel's worker ({@link
 * PoolWorker#MAX_ISSUE_WAIT_NS}). On a captured 6.1 kernel an fsync queued 4096 page writes into 256 new blocks
 * within 47 ms, and the worker, taking about 75 us of CPU time per bio, got to the last ones 291 ms after their
 * {@code Q}: such a wait is the kernel's, and is kept; one longer than any seen is taken for a pairing error.
 */
class WorkerIssueWaitTest {
    private static final long MS = 1_000_000;

    private static List<Long> dataWriteTimes(long remapAt) {
        return OverwriteIssueTest.dataWriteTimes(remapAt, new ThinPool[1]);
    }

    @Test
    void aWriteTheKernelsWorkerGotTo291MsAfterItsQueueWaitsForIt() {
        List<Long> t = dataWriteTimes(291 * MS);
        assertThat(t).hasSize(1);
        assertThat(t.get(0)).isGreaterThanOrEqualTo(291 * MS).isLessThan(295 * MS);
    }

    @Test
    void aRemapLaterThanAnyWaitSeenIsNotWaitedFor() {
        List<Long> t = dataWriteTimes(PoolWorker.MAX_ISSUE_WAIT_NS + 10 * MS);
        assertThat(t).hasSize(1);
        assertThat(t.get(0)).as("issued when the model's worker remapped it").isLessThan(10 * MS);
    }
}
