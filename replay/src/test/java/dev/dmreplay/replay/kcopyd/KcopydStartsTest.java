package dev.dmreplay.replay.kcopyd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KcopydStartsTest {
    @Test
    void theNthCopyOfASectorStartsNoEarlierThanTheKernelsNthRead() {
        KcopydStarts s = new KcopydStarts(Map.of("base-real", Map.of(64L, new long[] {900, 500})), Map.of(), 1000);
        assertThat(s.copyStart("base-real", 64, 100)).isEqualTo(500); // records are taken in time order
        assertThat(s.copyStart("base-real", 64, 1000)).isEqualTo(1000); // the kernel's second read is past
        assertThat(s.copyStart("base-real", 64, 100)).isEqualTo(100); // no third read in the kernel
        assertThat(s.copyStart("base-real", 72, 100)).isEqualTo(100); // a sector the kernel never copied
        assertThat(s.copyStart("other", 64, 100)).isEqualTo(100);
        assertThat(s.writeStart("base-real", 64, 100)).isEqualTo(100); // reads do not time zeroing
        assertThat(s.held()).isEqualTo(1);
    }

    @Test
    void aCopysWriteTakesTheNextKernelWriteAtItsDestination() {
        KcopydStarts s = new KcopydStarts(Map.of(), Map.of("cow", Map.of(16L, new long[] {700, 300})), 1000, 0);
        assertThat(s.writeStart("cow", 16, 200)).isEqualTo(300);
        assertThat(s.writeStart("cow", 16, 200)).isEqualTo(700); // the second copy there takes the second
        assertThat(s.writeStart("cow", 16, 200)).isEqualTo(200); // none left
        assertThat(s.writeStart("cow", 24, 200)).isEqualTo(200);
        assertThat(s.held()).isEqualTo(2);
    }

    @Test
    void recordsOfOneWorkerRunStandForTheRunsStart() {
        long us = 1000;
        // one run of the kernel's worker: reads of two chunks 12 us apart and a write 30 us later, on two devices;
        // then a new run 200 us after the last record
        KcopydStarts s = new KcopydStarts(
                Map.of("origin", Map.of(64L, new long[] {100 * us}, 80L, new long[] {112 * us})),
                Map.of("cow", Map.of(16L, new long[] {142 * us}, 32L, new long[] {342 * us})),
                50 * MS_IN_NS);
        assertThat(s.copyStart("origin", 80, 0)).isEqualTo(100 * us);
        assertThat(s.copyStart("origin", 64, 0)).isEqualTo(100 * us);
        assertThat(s.writeStart("cow", 16, 0)).isEqualTo(100 * us);
        assertThat(s.writeStart("cow", 32, 0)).isEqualTo(342 * us);
    }

    private static final long MS_IN_NS = 1_000_000L;

    @Test
    void aRecordTooFarAheadIsLeftForALaterJob() {
        KcopydStarts s = new KcopydStarts(Map.of(), Map.of("pool", Map.of(1024L, new long[] {5000})), 1000);
        assertThat(s.writeStart("pool", 1024, 100)).isEqualTo(100); // 4.9 us ahead: another job's
        assertThat(s.writeStart("pool", 1024, 4500)).isEqualTo(5000); // the record is still there
        assertThat(s.writeStart("pool", 1024, 4500)).isEqualTo(4500);
    }

    @Test
    void eachSnapshotsCopyTakesTheReadsOfItsOwnCow() {
        // the kernel read chunk 64 first for cow2, whose worker then ran 26 ms late, and for cow1 in between; the
        // model dispatches cow2's copy first too (the origin's list order), then cow1's. Chunk 96 the other way
        // round: cow1 read it at 320 us, cow2 at 26 ms
        long ms = MS_IN_NS;
        KcopydStarts s = new KcopydStarts(
                Map.of("base-real", Map.of(64L, new long[] {100_000, 3 * ms}, 96L, new long[] {320_000, 26 * ms})),
                Map.of(), 50 * ms, new long[0],
                Map.of("base-real", Map.of(64L, Map.of(100_000L, "cow2", 3 * ms, "cow1"),
                        96L, Map.of(320_000L, "cow1", 26 * ms, "cow2"))));
        assertThat(s.copyStart("base-real", 64, "cow2", 0)).isEqualTo(100_000);
        assertThat(s.copyStart("base-real", 64, "cow1", 0)).isEqualTo(3 * ms);
        // taken in order, cow2 would get 320 us and cow1's copy, and the origin write waiting for it, 26 ms
        assertThat(s.copyStart("base-real", 96, "cow2", 0)).isEqualTo(26 * ms);
        assertThat(s.copyStart("base-real", 96, "cow1", 0)).isEqualTo(320_000);
    }

    @Test
    void aCopyWhoseCowHasNoReadLeftTakesAnUnownedOneThenAnyOther() {
        KcopydStarts s = new KcopydStarts(Map.of("origin", Map.of(8L, new long[] {100, 200, 300})), Map.of(), 1000,
                new long[0], Map.of("origin", Map.of(8L, Map.of(100L, "cow2", 300L, "cow2"))));
        assertThat(s.copyStart("origin", 8, "cow1", 0)).isEqualTo(200); // unowned before cow2's
        assertThat(s.copyStart("origin", 8, "cow1", 0)).isEqualTo(100); // then cow2's first
        assertThat(s.copyStart("origin", 8, "cow2", 0)).isEqualTo(300);
        assertThat(s.copyStart("origin", 8, "cow2", 0)).isEqualTo(0);
    }
}
