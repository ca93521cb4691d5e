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
        assertThat(s.zeroStart("base-real", 64, 100)).isEqualTo(100); // reads do not time zeroing
        assertThat(s.held()).isEqualTo(1);
    }

    @Test
    void aCopysWriteTakesTheNextKernelWriteAtItsDestination() {
        KcopydStarts s = new KcopydStarts(Map.of(), Map.of("cow", Map.of(16L, new long[] {700, 300})), 1000);
        assertThat(s.copyWriteStart("cow", 16, 200)).isEqualTo(300);
        assertThat(s.copyWriteStart("cow", 16, 200)).isEqualTo(700); // the second copy there takes the second
        assertThat(s.copyWriteStart("cow", 16, 200)).isEqualTo(200); // none left
        assertThat(s.copyWriteStart("cow", 24, 200)).isEqualTo(200);
        assertThat(s.held()).isEqualTo(2);
    }

    @Test
    void aRecordTooFarAheadIsLeftForALaterJob() {
        KcopydStarts s = new KcopydStarts(Map.of(), Map.of("pool", Map.of(1024L, new long[] {5000})), 1000);
        assertThat(s.zeroStart("pool", 1024, 100)).isEqualTo(100); // 4.9 us ahead: another job's
        assertThat(s.zeroStart("pool", 1024, 4500)).isEqualTo(5000); // the record is still there
        assertThat(s.zeroStart("pool", 1024, 4500)).isEqualTo(4500);
    }
}
