package dev.dmreplay.analyze.btt;

import java.util.Arrays;

/**
 * Counts per non-negative {@code long} key without boxing (open addressing, linear probing, key and count side by
 * side so that a lookup touches one cache line), remembering the order in which keys were first seen.
 */
final class LongIntCounts {
    private static final long EMPTY = -1L;

    /** [2i] = key or EMPTY, [2i+1] = count. */
    private long[] table = newTable(64);
    private long[] firstSeen = new long[64];
    private int size;
    private long negatives;

    private static long[] newTable(int slots) {
        long[] t = new long[slots * 2];
        for (int i = 0; i < t.length; i += 2) {
            t[i] = EMPTY;
        }
        return t;
    }

    /** Adds one to {@code key}'s count; returns true when the key is new. Keys must be >= 0. */
    boolean increment(long key) {
        if (key < 0) {
            // |Long.MIN_VALUE| stays negative; no real seek distance gets here.
            if (++negatives == 1) {
                if (size == firstSeen.length) {
                    firstSeen = Arrays.copyOf(firstSeen, size * 2);
                }
                firstSeen[size++] = key;
                return true;
            }
            return false;
        }
        long[] t = table;
        int i = probe(key);
        if (t[2 * i] == key) {
            t[2 * i + 1]++;
            return false;
        }
        t[2 * i] = key;
        t[2 * i + 1] = 1;
        if (size == firstSeen.length) {
            firstSeen = Arrays.copyOf(firstSeen, size * 2);
        }
        firstSeen[size++] = key;
        if (size * 2 > (t.length >> 1)) {
            grow();
        }
        return true;
    }

    /**
     * Adds one to {@code key}'s count if the key is already counted; returns whether it was. One probe where a
     * {@link #count} then an {@link #increment} would take two (a bounded table, once full, asks this per seek).
     */
    boolean incrementExisting(long key) {
        if (key < 0) {
            if (negatives == 0) {
                return false;
            }
            negatives++;
            return true;
        }
        int i = probe(key);
        if (table[2 * i] != key) {
            return false;
        }
        table[2 * i + 1]++;
        return true;
    }

    int count(long key) {
        if (key < 0) {
            return (int) negatives;
        }
        int i = probe(key);
        return table[2 * i] == key ? (int) table[2 * i + 1] : 0;
    }

    /** The slot holding {@code key} (>= 0), or the empty slot where it would go. */
    private int probe(long key) {
        long[] t = table;
        int mask = (t.length >> 1) - 1;
        int i = (int) mix(key) & mask;
        while (t[2 * i] != key && t[2 * i] != EMPTY) {
            i = (i + 1) & mask;
        }
        return i;
    }

    int size() {
        return size;
    }

    /** The i-th distinct key in first-seen order. */
    long firstSeen(int i) {
        return firstSeen[i];
    }

    private static long mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private void grow() {
        long[] old = table;
        long[] t = newTable(old.length);
        int mask = (t.length >> 1) - 1;
        for (int j = 0; j < old.length; j += 2) {
            long k = old[j];
            if (k != EMPTY) {
                int i = (int) mix(k) & mask;
                while (t[2 * i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                t[2 * i] = k;
                t[2 * i + 1] = old[j + 1];
            }
        }
        table = t;
    }
}
