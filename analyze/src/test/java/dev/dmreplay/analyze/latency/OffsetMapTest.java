package dev.dmreplay.analyze.latency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetMapTest {
    @Test
    void keepsEveryRequestUntilTheBoundThenThinsEvenly() {
        OffsetMap m = new OffsetMap();
        for (int i = 0; i < OffsetMap.MAX_POINTS; i++) {
            m.add(i, 8L * i);
        }
        assertThat(m.points()).hasSize(OffsetMap.MAX_POINTS);
        assertThat(m.stride()).isEqualTo(1);
        for (int i = OffsetMap.MAX_POINTS; i < 10 * OffsetMap.MAX_POINTS; i++) {
            m.add(i, 8L * i);
        }
        assertThat(m.seen()).isEqualTo(10L * OffsetMap.MAX_POINTS);
        assertThat(m.points().size()).isBetween(OffsetMap.MAX_POINTS / 2, OffsetMap.MAX_POINTS);
        assertThat(m.stride()).isEqualTo(16);
        // evenly thinned: consecutive kept requests are one stride apart, from the first to near the last
        long[] first = m.points().get(0);
        long[] second = m.points().get(1);
        assertThat(first[0]).isZero();
        assertThat(second[0] - first[0]).isEqualTo(m.stride());
        assertThat(m.points().get(m.points().size() - 1)[0]).isGreaterThan(9L * OffsetMap.MAX_POINTS);
    }
}
