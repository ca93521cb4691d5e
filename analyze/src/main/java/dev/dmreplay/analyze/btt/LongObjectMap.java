package dev.dmreplay.analyze.btt;

import java.util.Arrays;

/**
 * A map from long keys to non-null objects by open addressing with linear probing and backward-shift deletion (no
 * tombstones): the engine's per-record lookups (a record's device, its process, a remapped bio waiting for its
 * lower Q) without boxing an {@code Integer} or {@code Long} key per record, which {@code HashMap} did for every
 * device number above 127 and every remap. A null value marks an empty slot, so every long is a key. No iteration:
 * the engine's output never depends on the order of these maps.
 */
final class LongObjectMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;

    LongObjectMap() {
        keys = new long[16];
        values = new Object[16];
    }

    int size() {
        return size;
    }

    /** The slot of {@code key}, or the empty slot where it would go. */
    private int slot(long key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        return (V) values[slot(key)];
    }

    /** Maps {@code key} to {@code value} (not null); returns the previous value or null. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (value == null) {
            throw new NullPointerException("null value");
        }
        int i = slot(key);
        Object old = values[i];
        if (old == null) {
            if ((size + 1) * 2 > keys.length) {
                grow();
                i = slot(key);
            }
            keys[i] = key;
            size++;
        }
        values[i] = value;
        return (V) old;
    }

    /** Adds {@code key} with {@code value} unless present; returns the value now held before the call, or null. */
    V putIfAbsent(long key, V value) {
        V old = get(key);
        return old != null ? old : put(key, value);
    }

    /** Removes {@code key}; returns its value or null. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int hole = slot(key);
        Object old = values[hole];
        if (old == null) {
            return null;
        }
        size--;
        int mask = keys.length - 1;
        int i = (hole + 1) & mask;
        while (values[i] != null) {
            int home = hash(keys[i]) & mask;
            // the entry at i may move into the hole unless its home lies cyclically within (hole, i]
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
            i = (i + 1) & mask;
        }
        values[hole] = null;
        keys[hole] = 0;
        return (V) old;
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int s = 0; s < oldKeys.length; s++) {
            if (oldValues[s] != null) {
                int i = hash(oldKeys[s]) & mask;
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[s];
                values[i] = oldValues[s];
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
