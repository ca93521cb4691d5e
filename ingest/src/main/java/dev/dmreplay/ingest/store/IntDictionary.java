package dev.dmreplay.ingest.store;

import java.util.Arrays;

/**
 * Distinct int values of one column chunk, numbered in order of first appearance (so the dictionary, and with it
 * the file, depends only on the rows). Open addressing over a power-of-two table whose entries hold the value and
 * its id together (one memory access a probe): no boxing, a few nanoseconds a lookup, which is the point
 * (parquet-mr's dictionary writers cost more than everything else in the event store).
 */
final class IntDictionary {
    /** {@code value << 32 | (id + 1)}; 0 = empty. */
    private long[] slots = new long[256];
    private int[] values = new int[64];
    private int size;

    void clear() {
        Arrays.fill(slots, 0);
        size = 0;
    }

    int size() {
        return size;
    }

    /** The value of id {@code id}. */
    int value(int id) {
        return values[id];
    }

    /** The id of {@code v}, added when new. */
    int id(int v) {
        long[] t = slots;
        int mask = t.length - 1;
        for (int h = mix(v) & mask; ; h = (h + 1) & mask) {
            long s = t[h];
            if (s == 0) {
                return add(v, h);
            }
            if ((int) (s >>> 32) == v) {
                return (int) s - 1;
            }
        }
    }

    private int add(int v, int slot) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size] = v;
        slots[slot] = entry(v, size);
        size++;
        if (size * 2 > slots.length) {
            rehash();
        }
        return size - 1;
    }

    private void rehash() {
        slots = new long[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int h = mix(values[id]) & mask;
            while (slots[h] != 0) {
                h = (h + 1) & mask;
            }
            slots[h] = entry(values[id], id);
        }
    }

    private static long entry(int v, int id) {
        return (long) v << 32 | (id + 1L);
    }

    private static int mix(int v) {
        int h = v * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
