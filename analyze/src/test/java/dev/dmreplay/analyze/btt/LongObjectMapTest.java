package dev.dmreplay.analyze.btt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {

    /** The map's hash, to build keys that share a home slot (the test must know it to force collisions). */
    private static int home(long key, int slots) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & (slots - 1);
    }

    private static List<Long> collidingKeys(int slot, int slots, int n) {
        List<Long> keys = new ArrayList<>();
        for (long k = 0; keys.size() < n; k++) {
            if (home(k, slots) == slot) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Test
    void putGetReplaceAndAbsentKeys() {
        LongObjectMap<String> m = new LongObjectMap<>();
        assertNull(m.get(0));
        assertNull(m.put(0, "zero"));
        assertNull(m.put(-1, "minus one"));
        assertNull(m.put((253L << 20) | 3, "dm-3"));
        assertEquals("zero", m.put(0, "0"));
        assertEquals("0", m.get(0));
        assertEquals("minus one", m.get(-1));
        assertEquals("dm-3", m.get((253L << 20) | 3));
        assertEquals(3, m.size());
        assertEquals("0", m.putIfAbsent(0, "other"));
        assertNull(m.putIfAbsent(7, "seven"));
        assertEquals("seven", m.get(7));
        assertThrows(NullPointerException.class, () -> m.put(1, null));
    }

    @Test
    void removalInsideAProbeRunAndAcrossTheTableEnd() {
        LongObjectMap<Long> m = new LongObjectMap<>(); // 16 slots until more than 8 keys
        List<Long> atEnd = collidingKeys(15, 16, 3); // slots 15, 0, 1
        List<Long> atZero = collidingKeys(0, 16, 3); // pushed to 2, 3, 4
        for (long k : atEnd) {
            m.put(k, k);
        }
        for (long k : atZero) {
            m.put(k, k);
        }
        assertEquals(atEnd.get(0), m.remove(atEnd.get(0)));
        assertEquals(atZero.get(1), m.remove(atZero.get(1)));
        assertNull(m.remove(atZero.get(1)));
        for (long k : List.of(atEnd.get(1), atEnd.get(2), atZero.get(0), atZero.get(2))) {
            assertEquals(k, m.get(k), "key " + k);
        }
        assertEquals(4, m.size());
    }

    @Test
    void growsAndClears() {
        LongObjectMap<Integer> m = new LongObjectMap<>();
        for (int i = 0; i < 50_000; i++) {
            m.put((long) i << 40, i);
        }
        assertEquals(50_000, m.size());
        for (int i = 0; i < 50_000; i++) {
            assertEquals(i, m.get((long) i << 40));
        }
        m.clear();
        assertEquals(0, m.size());
        assertNull(m.get(0));
        m.put(5, 5);
        assertSame(5, m.get(5));
    }

    @Test
    void agreesWithHashMap() {
        Random r = new Random(11);
        LongObjectMap<Long> m = new LongObjectMap<>();
        Map<Long, Long> ref = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long k = r.nextInt(500) - 250;
            switch (r.nextInt(3)) {
                case 0 -> {
                    long v = r.nextLong();
                    assertEquals(ref.put(k, v), m.put(k, v));
                }
                case 1 -> assertEquals(ref.remove(k), m.remove(k));
                default -> assertEquals(ref.get(k), m.get(k));
            }
            assertEquals(ref.size(), m.size());
        }
    }
}
