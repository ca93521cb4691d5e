package dev.dmreplay.replay.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerTakesTest {
    private static final long MS = 1_000_000;

    @Test
    void aWriteIsTakenAtTheKernelsMomentForTheLatestRecordedWriteAtItsSector() {
        WorkerTakes r = WorkerTakes.of(Map.of(8L, new long[] {100, 300, 200, 12 * MS}, 16L,
                new long[] {50, 50 + WorkerTakes.MAX_WAIT_NS + 1}));
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.takenAt(8, 99)).isEqualTo(99); // before any recorded Q there
        assertThat(r.takenAt(8, 100)).isEqualTo(300);
        assertThat(r.takenAt(8, 150)).isEqualTo(300);
        assertThat(r.takenAt(8, 250)).isEqualTo(12 * MS); // the second write waited 12 ms in the kernel
        assertThat(r.takenAt(8, 13 * MS)).isEqualTo(13 * MS); // the kernel's moment is past: at once
        assertThat(r.takenAt(24, 500)).isEqualTo(500); // no record
        assertThat(r.takenAt(16, 60)).isEqualTo(60); // too long a gap to be a wait
    }

    @Test
    void aWriteOfAnFsyncsWritebackWaitsTheKernelsHalfSecond() {
        // q-mirror (6.1): the fsync queued 4096 page writes in 45 ms; kmirrord, at about 110 us a write, took the last
        // ones 545 ms after their Q. Such a wait is the kernel's, not a pairing error
        WorkerTakes r = WorkerTakes.of(Map.of(32_760L, new long[] {45 * MS, 590 * MS}));
        assertThat(r.takenAt(32_760, 45 * MS)).isEqualTo(590 * MS);
        assertThat(WorkerTakes.MAX_WAIT_NS).isGreaterThan(545 * MS);
    }

    @Test
    void withAToleranceABioALittleBeforeTheKernelsQTakesThatQsMoment() {
        WorkerTakes strict = WorkerTakes.of(Map.of(8L, new long[] {10 * MS, 20 * MS}));
        WorkerTakes early = strict.allowingEarly(MS);
        // the model's bio reaches the crypt device 0.5 ms before the kernel's did: strict, it finds no record
        assertThat(strict.takenAt(8, 10 * MS - MS / 2)).isEqualTo(10 * MS - MS / 2);
        assertThat(early.takenAt(8, 10 * MS - MS / 2)).isEqualTo(20 * MS);
        // more than the tolerance before: another bio
        assertThat(early.takenAt(8, 10 * MS - 2 * MS)).isEqualTo(8 * MS);
        assertThatThrownBy(() -> strict.allowingEarly(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pairsMustComeInQOrder() {
        assertThatThrownBy(() -> WorkerTakes.of(Map.of(8L, new long[] {200, 300, 100, 400})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerTakes.of(Map.of(8L, new long[] {200, 300, 100})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordedDelayIsThatOfTheLatestBioQueuedAtOrBeforeTheGivenTime() {
        WorkerTakes r = WorkerTakes.of(Map.of(8L, new long[] {100, 7_000, 200, 9_000}));
        assertThat(r.recorded(8, 99)).isEqualTo(-1);
        assertThat(r.recorded(8, 100)).isEqualTo(7_000);
        assertThat(r.recorded(8, 199)).isEqualTo(7_000);
        assertThat(r.recorded(8, 5_000)).isEqualTo(9_000);
        assertThat(r.recorded(16, 5_000)).isEqualTo(-1);
    }
}
