package dev.dmreplay.replay.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemoryPressureTest {
    private static final long S = 1_000_000_000L;

    @Test
    void windowsDecideSuccessAndHardForever() {
        MemoryPressure p = MemoryPressure.parse("hard@1s-5s");
        assertThat(p.slabSucceeds(0, false)).isTrue();
        assertThat(p.slabSucceeds(2 * S, true)).isFalse();
        assertThat(p.slabSucceeds(5 * S, false)).isTrue();
        assertThat(p.hardForever(2 * S)).isFalse();
        MemoryPressure q = MemoryPressure.parse("hard@1s-3s,hard@3s-");
        assertThat(q.hardForever(2 * S)).isTrue();
        assertThat(MemoryPressure.hard().hardForever(0)).isTrue();
        assertThat(MemoryPressure.none().hardForever(0)).isFalse();
        assertThat(q.toString()).isEqualTo("hard@1s-3s,hard@3s-");
    }

    @Test
    void softFailsWithTheGivenProbabilitiesDeterministically() {
        MemoryPressure p = MemoryPressure.parse("soft(0.75,0.25)@0-10s");
        p.seed(new SplittableRandom(42));
        int failNo = 0;
        int failRe = 0;
        for (int i = 0; i < 20000; i++) {
            failNo += p.slabSucceeds(S, false) ? 0 : 1;
            failRe += p.slabSucceeds(S, true) ? 0 : 1;
        }
        assertThat(failNo / 20000.0).isBetween(0.73, 0.77);
        assertThat(failRe / 20000.0).isBetween(0.23, 0.27);
        assertThat(p.slabSucceeds(11 * S, false)).isTrue();
    }

    @Test
    void badSpecsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> MemoryPressure.parse("medium")).hasMessageContaining("unknown pressure");
        assertThatThrownBy(() -> MemoryPressure.parse("soft(2,0)")).hasMessageContaining("not in [0,1]");
        assertThatThrownBy(() -> MemoryPressure.parse("hard@5s-1s")).hasMessageContaining("ends before");
        assertThatThrownBy(() -> MemoryPressure.parse("hard@xs")).hasMessageContaining("bad duration");
        assertThat(Durations.parse("1.5ms")).isEqualTo(1_500_000);
        assertThat(Durations.format(2_000_000)).isEqualTo("2ms");
    }
}
