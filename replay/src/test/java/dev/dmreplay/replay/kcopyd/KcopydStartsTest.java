package dev.dmreplay.replay.kcopyd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KcopydStartsTest {
    @Test
    void theNthCopyOfASectorStartsNoEarlierThanTheKernelsNthRead() {
        KcopydStarts s = new KcopydStarts(Map.of("base-real", Map.of(64L, new long[] {900, 500})));
        assertThat(s.startAt("base-real", 64, 100)).isEqualTo(500); // reads are taken in time order
        assertThat(s.startAt("base-real", 64, 1000)).isEqualTo(1000); // the kernel's second read is past
        assertThat(s.startAt("base-real", 64, 100)).isEqualTo(100); // no third read in the kernel
        assertThat(s.startAt("base-real", 72, 100)).isEqualTo(100); // a sector the kernel never copied
        assertThat(s.startAt("other", 64, 100)).isEqualTo(100);
        assertThat(s.held()).isEqualTo(1);
    }
}
