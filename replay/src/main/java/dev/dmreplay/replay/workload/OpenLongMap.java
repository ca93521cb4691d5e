package dev.dmreplay.replay.workload;

/**
 * A map from long keys to a fixed number of long values each, by open addressing with linear probing and
 * backward-shift deletion (no tombstones): the survey's per-record lookups (a Q's time by device and sector, a
 * D's time for its C) without boxing a Long key and value and a map node per record.
 */
final class OpenLongMap {
    private final int width;
    private long[] keys;
    private boolean[] used;
    private long[] values;
    private int size;

    /** @param width the values per key */
    OpenLongMap(int width) {
        this.width = width;
        this.keys = new long[64];
        this.used = new boolean[64];
        this.values = new long[64 * width];
    }

    int size() {
        return size;
    }

    /** The slot of {@code key}, or -1. */
    int find(long key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Value {@code j} of the key at {@code slot}. */
    long value(int slot, int j) {
        return values[slot * width + j];
    }

    /** Sets the key's values (all {@code width} of them), adding the key if absent. */
    void put(long key, long... v) {
        int i = find(key);
        if (i < 0) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            i = hash(key) & mask;
            while (used[i]) {
                i = (i + 1) & mask;
            }
            used[i] = true;
            keys[i] = key;
            size++;
        }
        System.arraycopy(v, 0, values, i * width, width);
    }

    /** Removes the key at {@code slot}, moving later keys of its probe run back so that lookups still find them. */
    void removeAt(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        int i = (slot + 1) & mask;
        while (used[i]) {
            int home = hash(keys[i]) & mask;
            // the key at i may fill the hole if its home is not cyclically within (hole, i]
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                System.arraycopy(values, i * width, values, hole * width, width);
                hole = i;
            }
            i = (i + 1) & mask;
        }
        used[hole] = false;
        size--;
    }

    /** Removes {@code key} if present; whether it was. */
    boolean remove(long key) {
        int i = find(key);
        if (i >= 0) {
            removeAt(i);
            return true;
        }
        return false;
    }

    private void grow() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        long[] oldValues = values;
        int n = oldKeys.length * 2;
        keys = new long[n];
        used = new boolean[n];
        values = new long[n * width];
        int mask = n - 1;
        for (int s = 0; s < oldKeys.length; s++) {
            if (oldUsed[s]) {
                int i = hash(oldKeys[s]) & mask;
                while (used[i]) {
                    i = (i + 1) & mask;
                }
                used[i] = true;
                keys[i] = oldKeys[s];
                System.arraycopy(oldValues, s * width, values, i * width, width);
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
