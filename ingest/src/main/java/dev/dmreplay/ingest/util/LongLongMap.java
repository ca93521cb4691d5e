package dev.dmreplay.ingest.util;

import java.util.Arrays;

/**
 * A map from long keys to long values by open addressing with linear probing and backward-shift deletion (no
 * tombstones), for the per-record lookups of the trace readers (a CPU's last sequence number, a task's pending
 * split) without boxing a {@code Long} key and value and allocating a map node per record.
 *
 * <p>Key and value of a slot sit side by side in one array, so a probe touches one cache line. Key 0 marks an
 * empty slot; the key 0 itself, if used, is kept beside the table. Lookups that can miss go through {@link #find}
 * (a slot or -1), so every long stays a possible value.
 */
public final class LongLongMap {
    /** Functional view of one entry, for {@link #forEach}. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(long key, long value);
    }

    private static final int ZERO_SLOT = -2;
    /** Key, value, key, value, ... */
    private long[] table;
    private int slots;
    private int size;
    private boolean hasZero;
    private long zeroValue;

    public LongLongMap() {
        this(16);
    }

    /** @param expected entries held without growing */
    public LongLongMap(int expected) {
        int s = 4;
        while (s < expected * 2) {
            s <<= 1;
        }
        slots = s;
        table = new long[slots * 2];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The slot of {@code key}, or -1 when absent; valid until the next change of the map. */
    public int find(long key) {
        if (key == 0) {
            return hasZero ? ZERO_SLOT : -1;
        }
        int mask = slots - 1;
        int i = hash(key) & mask;
        long k;
        while ((k = table[i << 1]) != 0) {
            if (k == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    public boolean containsKey(long key) {
        return find(key) != -1;
    }

    /** The value at a slot {@link #find} returned. */
    public long valueAt(int slot) {
        return slot == ZERO_SLOT ? zeroValue : table[(slot << 1) + 1];
    }

    /** Sets the value at a slot {@link #find} returned (valid until a key is added or removed). */
    public void setValueAt(int slot, long value) {
        if (slot == ZERO_SLOT) {
            zeroValue = value;
        } else {
            table[(slot << 1) + 1] = value;
        }
    }

    /** The key's value, or {@code absent}. */
    public long get(long key, long absent) {
        int s = find(key);
        return s == -1 ? absent : valueAt(s);
    }

    /** Sets the key's value, adding the key if absent. */
    public void put(long key, long value) {
        if (key == 0) {
            if (!hasZero) {
                hasZero = true;
                size++;
            }
            zeroValue = value;
            return;
        }
        int mask = slots - 1;
        int i = hash(key) & mask;
        long k;
        while ((k = table[i << 1]) != 0) {
            if (k == key) {
                table[(i << 1) + 1] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        if ((size + 1) * 2 > slots) {
            grow();
            put(key, value);
            return;
        }
        table[i << 1] = key;
        table[(i << 1) + 1] = value;
        size++;
    }

    /** Adds the key with {@code value} unless present; whether it was added. */
    public boolean putIfAbsent(long key, long value) {
        if (find(key) != -1) {
            return false;
        }
        put(key, value);
        return true;
    }

    /** Removes the key at a slot {@link #find} returned, moving later keys of its probe run back. */
    public void removeAt(int slot) {
        size--;
        if (slot == ZERO_SLOT) {
            hasZero = false;
            return;
        }
        int mask = slots - 1;
        int hole = slot;
        int i = (slot + 1) & mask;
        long k;
        while ((k = table[i << 1]) != 0) {
            int home = hash(k) & mask;
            // the key at i may move into the hole unless its home lies cyclically within (hole, i]
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                table[hole << 1] = k;
                table[(hole << 1) + 1] = table[(i << 1) + 1];
                hole = i;
            }
            i = (i + 1) & mask;
        }
        table[hole << 1] = 0;
        table[(hole << 1) + 1] = 0;
    }

    /** Removes {@code key} if present; whether it was. */
    public boolean remove(long key) {
        int s = find(key);
        if (s == -1) {
            return false;
        }
        removeAt(s);
        return true;
    }

    /** Every entry, in no particular order. */
    public void forEach(EntryConsumer action) {
        if (hasZero) {
            action.accept(0, zeroValue);
        }
        for (int i = 0; i < slots; i++) {
            long k = table[i << 1];
            if (k != 0) {
                action.accept(k, table[(i << 1) + 1]);
            }
        }
    }

    public void clear() {
        Arrays.fill(table, 0);
        hasZero = false;
        size = 0;
    }

    private void grow() {
        long[] old = table;
        int oldSlots = slots;
        slots = oldSlots * 2;
        table = new long[slots * 2];
        int mask = slots - 1;
        for (int s = 0; s < oldSlots; s++) {
            long k = old[s << 1];
            if (k != 0) {
                int i = hash(k) & mask;
                while (table[i << 1] != 0) {
                    i = (i + 1) & mask;
                }
                table[i << 1] = k;
                table[(i << 1) + 1] = old[(s << 1) + 1];
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
