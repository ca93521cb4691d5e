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
}
