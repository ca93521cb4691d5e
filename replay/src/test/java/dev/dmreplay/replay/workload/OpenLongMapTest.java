package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The survey's primitive map behaves as a HashMap under puts and removals that leave long probe runs. */
class OpenLongMapTest {

    @Test
    void twoValuesAreStoredWithoutVarargsOnAWidthTwoMapAndTruncatedOnANarrowerOne() {
        OpenLongMap two = new OpenLongMap(2);
        two.put(0, 5, 6);   // key 0 lives outside the table
        two.put(42, 7, 8);
        two.put(42, 9, 10); // overwritten in place
        assertThat(two.value(two.find(0), 0)).isEqualTo(5);
        assertThat(two.value(two.find(0), 1)).isEqualTo(6);
        assertThat(two.value(two.find(42), 0)).isEqualTo(9);
        assertThat(two.value(two.find(42), 1)).isEqualTo(10);
        assertThat(two.size()).isEqualTo(2);
        OpenLongMap one = new OpenLongMap(1);
        one.put(42, 7, 8);  // as the varargs form: only the map's width is kept
        assertThat(one.value(one.find(42), 0)).isEqualTo(7);
    }

    @Test
    void agreesWithAHashMapUnderRandomPutsAndRemovals() {
        SplittableRandom r = new SplittableRandom(3);
        OpenLongMap m = new OpenLongMap(2);
        Map<Long, long[]> ref = new HashMap<>();
        for (int i = 0; i < 300_000; i++) {
            // few distinct keys, including 0 and negative ones, so runs collide and shift back often
            long key = (r.nextInt(4_000) - 2_000) * (1L << 40) ^ r.nextInt(64);
            if (r.nextInt(3) == 0) {
                int slot = m.find(key);
                long[] want = ref.remove(key);
                assertThat(slot >= 0).isEqualTo(want != null);
                if (slot >= 0) {
                    assertThat(new long[] {m.value(slot, 0), m.value(slot, 1)}).containsExactly(want);
                    m.removeAt(slot);
                }
            } else {
                long a = r.nextLong();
                long b = r.nextLong();
                m.put(key, a, b);
                ref.put(key, new long[] {a, b});
            }
            assertThat(m.size()).isEqualTo(ref.size());
        }
        for (Map.Entry<Long, long[]> e : ref.entrySet()) {
            int slot = m.find(e.getKey());
            assertThat(slot).isNotNegative();
            assertThat(m.value(slot, 1)).isEqualTo(e.getValue()[1]);
        }
        m.remove(ref.keySet().iterator().next());
        assertThat(m.size()).isEqualTo(ref.size() - 1);
    }
}
