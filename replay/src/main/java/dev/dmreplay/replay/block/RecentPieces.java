package dev.dmreplay.replay.block;

/**
 * The sector of the last piece issued per (device, original bio), for the {@link IssueOrder}'s piece inversions:
 * at most {@code capacity} entries, the oldest inserted forgotten first (updating an entry keeps its place), as a
 * {@code LinkedHashMap} in insertion order whose eldest entry goes when it grows past the bound. In primitive
 * arrays: a run issues a bio to a disk a few hundred thousand times, each a lookup and an update here, which with
 * a key object, a boxed sector and a map node each were a few percent of a replay's time.
 *
 * <p>Keys are (device number, root bio id) packed in a long; open addressing with linear probing and
 * backward-shift deletion, and a ring of the keys in insertion order for the eviction.
 */
final class RecentPieces {
    private static final long EMPTY = Long.MIN_VALUE;
    private final int capacity;
    /** Per slot: key, sector. */
    private long[] table;
    private int slots;
    private int size;
    /** Keys in insertion order: {@code ring[(head + i) % ring.length]} for i < size. */
    private final long[] ring;
    private int head;

    RecentPieces(int capacity) {
        this.capacity = capacity;
        this.ring = new long[capacity + 1];
        this.slots = Integer.highestOneBit(Math.max(16, capacity) * 4 - 1);
        this.table = newTable(slots);
    }

    private static long[] newTable(int slots) {
        long[] t = new long[slots * 2];
        for (int i = 0; i < t.length; i += 2) {
            t[i] = EMPTY;
        }
        return t;
    }

    /**
     * The key of a piece of bio {@code root} on the device numbered {@code device} (below 2^16): root ids are
     * below 2^47.
     */
    static long key(int device, long root) {
        return root << 16 | device;
    }

    /** Sets the key's sector and returns the previous one, or {@link #EMPTY} if it had none (then it is added). */
    long put(long key, long sector) {
        int mask = slots - 1;
        int i = hash(key) & mask;
        long k;
        while ((k = table[2 * i]) != EMPTY) {
            if (k == key) {
                long prev = table[2 * i + 1];
                table[2 * i + 1] = sector;
                return prev;
            }
            i = (i + 1) & mask;
        }
        table[2 * i] = key;
        table[2 * i + 1] = sector;
        ring[(head + size) % ring.length] = key;
        size++;
        if (size > capacity) {
            remove(ring[head]);
            head = (head + 1) % ring.length;
        }
        return EMPTY;
    }

    /** Whether {@code put} returned "none". */
    static boolean none(long previous) {
        return previous == EMPTY;
    }

    int size() {
        return size;
    }

    private void remove(long key) {
        int mask = slots - 1;
        int i = hash(key) & mask;
        while (table[2 * i] != key) {
            i = (i + 1) & mask;
        }
        int hole = i;
        size--;
        i = (hole + 1) & mask;
        long k;
        while ((k = table[2 * i]) != EMPTY) {
            int home = hash(k) & mask;
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                table[2 * hole] = k;
                table[2 * hole + 1] = table[2 * i + 1];
                hole = i;
            }
            i = (i + 1) & mask;
        }
        table[2 * hole] = EMPTY;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
