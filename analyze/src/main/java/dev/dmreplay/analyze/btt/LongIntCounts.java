package dev.dmreplay.analyze.btt;

import java.util.Arrays;

/**
 * Counts per {@code long} key without boxing (open addressing, linear probing), remembering the order in which
 * keys were first seen.
 */
final class LongIntCounts {
    private long[] keys = new long[64];
    private int[] counts = new int[64];
    private boolean[] used = new boolean[64];
    private long[] firstSeen = new long[64];
    private int size;

    /** Adds one to {@code key}'s count; returns true when the key is new. */
    boolean increment(long key) {
        int mask = keys.length - 1;
        int i = (int) mix(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                counts[i]++;
                return false;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        counts[i] = 1;
        if (size == firstSeen.length) {
            firstSeen = Arrays.copyOf(firstSeen, size * 2);
        }
        firstSeen[size++] = key;
        if (size * 2 > keys.length) {
            grow();
        }
        return true;
    }

    int count(long key) {
        int mask = keys.length - 1;
        int i = (int) mix(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                return counts[i];
            }
            i = (i + 1) & mask;
        }
        return 0;
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
        long[] ok = keys;
        int[] oc = counts;
        boolean[] ou = used;
        keys = new long[ok.length * 2];
        counts = new int[ok.length * 2];
        used = new boolean[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ou[j]) {
                int i = (int) mix(ok[j]) & mask;
                while (used[i]) {
                    i = (i + 1) & mask;
                }
                used[i] = true;
                keys[i] = ok[j];
                counts[i] = oc[j];
            }
        }
    }
}
