package dev.dmreplay.replay.workload;

/**
 * A map from long keys to a fixed number of long values each, by open addressing with linear probing and
 * backward-shift deletion (no tombstones): the survey's per-record lookups (a Q's time by device and sector, a
 * D's time for its C) without boxing a Long key and value and a map node per record.
 *
 * <p>Each slot's key and values sit side by side in one array, so a probe touches one cache line, not one per
 * array: the survey's tables hold up to a million entries, far beyond the caches, and a lookup per trace record
 * was a third of the survey's time with keys, values and the used flags in separate arrays. Key 0 marks an empty
 * slot; the key 0 itself, if used, is kept beside the table in a slot of its own ({@link #zeroSlot()}).
 */
public final class OpenLongMap {
    private final int width;
    private final int stride;
    /** {@code stride} longs per slot: the key, then its values. */
    private long[] table;
    private int slots;
    private int size;
    private boolean hasZero;
    private final long[] zeroValues;

    /** @param width the values per key */
    public OpenLongMap(int width) {
        this.width = width;
        this.stride = width + 1;
        this.slots = 64;
        this.table = new long[slots * stride];
        this.zeroValues = new long[width];
    }

    public int size() {
        return size;
    }

    /** The slot of the key 0 (beside the table). */
    private int zeroSlot() {
        return slots;
    }

    /** The slot of {@code key}, or -1. */
    public int find(long key) {
        if (key == 0) {
            return hasZero ? zeroSlot() : -1;
        }
        int mask = slots - 1;
        int i = hash(key) & mask;
        long k;
        while ((k = table[i * stride]) != 0) {
            if (k == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Value {@code j} of the key at {@code slot}. */
    public long value(int slot, int j) {
        return slot == slots ? zeroValues[j] : table[slot * stride + 1 + j];
    }

    /** Sets value {@code j} of the key at {@code slot}. */
    public void setValue(int slot, int j, long v) {
        if (slot == slots) {
            zeroValues[j] = v;
        } else {
            table[slot * stride + 1 + j] = v;
        }
    }

    /** Adds {@code key} (a map of width 0: a set). */
    public void put(long key) {
        slotFor(key);
    }

    /** Sets the key's value (a map of width 1), adding the key if absent. */
    public void put(long key, long v) {
        int s = slotFor(key);
        if (s == slots) {
            zeroValues[0] = v;
        } else {
            table[s * stride + 1] = v;
        }
    }

    /**
     * Sets the key's two values (a map of width 2), adding the key if absent: the survey's per-record tables, where
     * the varargs form would allocate an array per record.
     */
    public void put(long key, long v0, long v1) {
        if (width != 2) {
            put(key, new long[] {v0, v1});
            return;
        }
        int s = slotFor(key);
        if (s == slots) {
            zeroValues[0] = v0;
            zeroValues[1] = v1;
        } else {
            table[s * stride + 1] = v0;
            table[s * stride + 2] = v1;
        }
    }

    /** Sets the key's values (all {@code width} of them), adding the key if absent. */
    public void put(long key, long... v) {
        int s = slotFor(key);
        if (s == slots) {
            System.arraycopy(v, 0, zeroValues, 0, width);
        } else {
            System.arraycopy(v, 0, table, s * stride + 1, width);
        }
    }

    /** The slot of {@code key}, added if absent (its values then 0). */
    private int slotFor(long key) {
        if (key == 0) {
            if (!hasZero) {
                hasZero = true;
                java.util.Arrays.fill(zeroValues, 0);
                size++;
            }
            return zeroSlot();
        }
        int mask = slots - 1;
        int i = hash(key) & mask;
        long k;
        while ((k = table[i * stride]) != 0) {
            if (k == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        if ((size + 1) * 2 > slots) {
            grow();
            return slotFor(key);
        }
        table[i * stride] = key;
        size++;
        return i;
    }

    /** Removes the key at {@code slot}, moving later keys of its probe run back so that lookups still find them. */
    public void removeAt(int slot) {
        size--;
        if (slot == slots) {
            hasZero = false;
            return;
        }
        int mask = slots - 1;
        int hole = slot;
        int i = (slot + 1) & mask;
        long k;
        while ((k = table[i * stride]) != 0) {
            int home = hash(k) & mask;
            // the key at i may fill the hole if its home is not cyclically within (hole, i]
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                System.arraycopy(table, i * stride, table, hole * stride, stride);
                hole = i;
            }
            i = (i + 1) & mask;
        }
        table[hole * stride] = 0;
    }

    /** Removes {@code key} if present; whether it was. */
    public boolean remove(long key) {
        int i = find(key);
        if (i >= 0) {
            removeAt(i);
            return true;
        }
        return false;
    }

    private void grow() {
        long[] old = table;
        int oldSlots = slots;
        slots = oldSlots * 2;
        table = new long[slots * stride];
        int mask = slots - 1;
        for (int s = 0; s < oldSlots; s++) {
            long k = old[s * stride];
            if (k != 0) {
                int i = hash(k) & mask;
                while (table[i * stride] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, s * stride, table, i * stride, stride);
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
