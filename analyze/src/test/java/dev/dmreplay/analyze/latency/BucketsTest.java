package dev.dmreplay.analyze.latency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketsTest {
    @Test
    void widensByMergingNeighboursAndKeepsTotals() {
        Buckets b = new Buckets();
        b.add(0, 10);
        b.add(1_500_000, 30); // bucket 1 at 1 ms width
        assertThat(b.widthNs()).isEqualTo(1_000_000);
        assertThat(b.size()).isEqualTo(2);
        b.add(3_000_000_000L, 5); // 3 s: needs 4 ms buckets (1024 * 4 ms > 3 s)
        assertThat(b.widthNs()).isEqualTo(4_000_000);
        assertThat(b.count(0)).isEqualTo(2);
        assertThat(b.mean(0)).isEqualTo(20.0);
        assertThat(b.max(0)).isEqualTo(30);
        assertThat(b.size()).isEqualTo(751);
        assertThat(b.count(750)).isEqualTo(1);
    }

    @Test
    void levelsAreHeldAcrossQuietBuckets() {
        Buckets b = new Buckets();
        b.level(0, 3);
        b.level(500_000, 1);
        b.level(4_200_000, 0);
        assertThat(b.levelMax()).containsExactly(3, 1, 1, 1, 1);
    }
}
