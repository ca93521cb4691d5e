package dev.dmreplay.ingest.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongLongMapTest {

    /** The map's hash, to build keys that share a home slot (the test must know it to force collisions). */
    private static int home(long key, int slots) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & (slots - 1);
    }

    /** {@code n} distinct non-zero keys whose home is {@code slot} in a table of {@code slots}. */
    private static List<Long> collidingKeys(int slot, int slots, int n) {
        List<Long> keys = new ArrayList<>();
        for (long k = 1; keys.size() < n; k++) {
            if (home(k, slots) == slot) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Test
    void putGetOverwriteAndAbsent() {
        LongLongMap m = new LongLongMap();
        assertTrue(m.isEmpty());
        assertEquals(-7, m.get(3, -7));
        m.put(3, 30);
        m.put(-1, Long.MIN_VALUE);
        m.put(3, 31);
        assertEquals(2, m.size());
        assertEquals(31, m.get(3, -7));
        assertEquals(Long.MIN_VALUE, m.get(-1, 0));
        assertFalse(m.putIfAbsent(3, 99));
        assertEquals(31, m.get(3, 0));
        assertTrue(m.putIfAbsent(4, -1));
        assertEquals(-1, m.get(4, 0), "every long is a value, -1 included");
        assertTrue(m.containsKey(4));
    }

    @Test
    void setValueAtChangesOnlyThatEntry() {
        LongLongMap m = new LongLongMap();
        m.put(0, 1);
        m.put(9, 2);
        m.setValueAt(m.find(9), 20);
        m.setValueAt(m.find(0), 10);
        assertEquals(20, m.get(9, -1));
        assertEquals(10, m.get(0, -1));
        assertEquals(2, m.size());
    }

    @Test
    void keyZeroIsAnOrdinaryKey() {
        LongLongMap m = new LongLongMap();
        assertFalse(m.containsKey(0));
        m.put(0, 5);
        assertEquals(1, m.size());
        assertEquals(5, m.get(0, -1));
        int s = m.find(0);
        assertEquals(5, m.valueAt(s));
        List<long[]> seen = new ArrayList<>();
        m.forEach((k, v) -> seen.add(new long[] {k, v}));
        assertEquals(1, seen.size());
        assertEquals(0, seen.get(0)[0]);
        assertTrue(m.remove(0));
        assertFalse(m.remove(0));
        assertTrue(m.isEmpty());
        assertEquals(-1, m.get(0, -1));
    }

    @Test
    void removingFromTheMiddleOfAProbeRunKeepsTheRestFindable() {
        // capacity 8 -> 16 slots; five keys with the same home form one run of five slots
        LongLongMap m = new LongLongMap(8);
        List<Long> run = collidingKeys(3, 16, 5);
        for (long k : run) {
            m.put(k, k * 10);
        }
        assertTrue(m.remove(run.get(1)));
        assertTrue(m.remove(run.get(3)));
        assertFalse(m.containsKey(run.get(1)));
        for (int i : new int[] {0, 2, 4}) {
            assertEquals(run.get(i) * 10, m.get(run.get(i), -1), "key " + i);
        }
        assertEquals(3, m.size());
    }

    @Test
    void probeRunsWrappingPastTheEndSurviveRemoval() {
        LongLongMap m = new LongLongMap(8);
        List<Long> atEnd = collidingKeys(15, 16, 3); // slots 15, 0, 1
        List<Long> atZero = collidingKeys(0, 16, 2); // pushed to slots 2, 3
        for (long k : atEnd) {
            m.put(k, 1);
        }
        for (long k : atZero) {
            m.put(k, 2);
        }
        assertTrue(m.remove(atEnd.get(0)));
        for (long k : atEnd.subList(1, 3)) {
            assertEquals(1, m.get(k, -1));
        }
        for (long k : atZero) {
            assertEquals(2, m.get(k, -1));
        }
        assertTrue(m.remove(atZero.get(0)));
        assertEquals(2, m.get(atZero.get(1), -1));
        assertEquals(3, m.size());
    }

    @Test
    void growsAndKeepsEveryEntry() {
        LongLongMap m = new LongLongMap(1);
        for (long k = -5000; k <= 5000; k++) {
            m.put(k * 4096, k);
        }
        assertEquals(10001, m.size());
        for (long k = -5000; k <= 5000; k++) {
            assertEquals(k, m.get(k * 4096, Long.MAX_VALUE));
        }
        long[] sum = new long[2];
        m.forEach((k, v) -> {
            sum[0] += v;
            sum[1]++;
        });
        assertEquals(0, sum[0]);
        assertEquals(10001, sum[1]);
        m.clear();
        assertTrue(m.isEmpty());
        assertFalse(m.containsKey(4096));
    }

    @Test
    void agreesWithHashMapUnderRandomPutsAndRemoves() {
        Random r = new Random(17);
        LongLongMap m = new LongLongMap(2);
        Map<Long, Long> ref = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long k = r.nextInt(600) - 50; // a small key space: dense runs, frequent hits, key 0 included
            switch (r.nextInt(3)) {
                case 0 -> {
                    long v = r.nextLong();
                    m.put(k, v);
                    ref.put(k, v);
                }
                case 1 -> assertEquals(ref.remove(k) != null, m.remove(k));
                default -> {
                    Long v = ref.get(k);
                    int s = m.find(k);
                    assertEquals(v != null, s != -1);
                    if (v != null) {
                        assertEquals((long) v, m.valueAt(s));
                    }
                }
            }
            assertEquals(ref.size(), m.size());
        }
        Map<Long, Long> dumped = new HashMap<>();
        m.forEach(dumped::put);
        assertEquals(ref, dumped);
    }
}
