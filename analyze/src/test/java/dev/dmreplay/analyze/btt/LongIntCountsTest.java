package dev.dmreplay.analyze.btt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntCountsTest {
    @Test
    void countsLikeAMapAndKeepsFirstSeenOrder() {
        Random rnd = new Random(7);
        LongIntCounts c = new LongIntCounts();
        Map<Long, Integer> expected = new HashMap<>();
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            long k = rnd.nextInt(3) == 0 ? rnd.nextInt(50) : (rnd.nextLong() >>> 1);
            boolean isNew = !expected.containsKey(k);
            assertThat(c.increment(k)).isEqualTo(isNew);
            if (isNew) {
                order.add(k);
            }
            expected.merge(k, 1, Integer::sum);
        }
        assertThat(c.size()).isEqualTo(expected.size());
        for (int i = 0; i < order.size(); i++) {
            assertThat(c.firstSeen(i)).isEqualTo(order.get(i));
        }
        expected.forEach((k, v) -> assertThat(c.count(k)).isEqualTo(v));
        assertThat(c.count(-5)).isZero();
        assertThat(c.count(Long.MAX_VALUE - 1)).isZero();
    }

    @Test
    void incrementExistingCountsOnlyKeysAlreadyCounted() {
        LongIntCounts c = new LongIntCounts();
        assertThat(c.incrementExisting(5)).isFalse();
        assertThat(c.incrementExisting(-3)).isFalse();
        assertThat(c.size()).isZero();
        for (long k = 0; k < 1000; k++) {
            c.increment(k * 7919);
        }
        c.increment(-3);
        assertThat(c.incrementExisting(7919)).isTrue();
        assertThat(c.incrementExisting(7918)).isFalse();
        assertThat(c.incrementExisting(-3)).isTrue();
        assertThat(c.count(7919)).isEqualTo(2);
        assertThat(c.count(7918)).isZero();
        assertThat(c.count(-1)).isEqualTo(2);
        assertThat(c.size()).isEqualTo(1001);
    }
}
