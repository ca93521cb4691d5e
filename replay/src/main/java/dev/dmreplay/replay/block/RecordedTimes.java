package dev.dmreplay.replay.block;

import java.util.Arrays;

/**
 * The recorded times of a trace's requests, per request (op class, sector, size), in arrival order, in primitive
 * arrays: an open-addressing table of keys whose entries chain into an arena of times. A trace-driven model keeps up
 * to 2^18 of them per table and a replay several tables per device; as boxed {@code Long}s in a
 * {@code HashMap<key, ArrayDeque<Long>>} each took about 170 bytes, here about 30 (12 per time, the rest per key at
 * a load of at most one half).
 *
 * <p>Appending belongs to the builder; {@link #cursor()} gives a model its own consumption state over the same
 * arrays, so several models built from one survey share the times and consume them independently. Not thread-safe
 * while appending.
 */
final class RecordedTimes {
    private static final int NONE = -1;
    /** What {@link Cursor#poll} returns for a request without a time left. */
    static final long ABSENT = Long.MIN_VALUE;

    /** Per slot: the key's sector, and op class and size packed ({@code op << 32 | sectors}); meta -1 = empty. */
    private long[] keySector = new long[16];
    private long[] keyMeta = newMeta(16);
    /** Per slot: the arena index of the key's first and last time. */
    private int[] first = new int[16];
    private int[] last = new int[16];
    private int keys;
    /** The arena: times in arrival order, each with the index of its key's next time. */
    private long[] times = new long[16];
    private int[] next = new int[16];
    private int size;

    private static long[] newMeta(int n) {
        long[] m = new long[n];
        Arrays.fill(m, -1L);
        return m;
    }

    private static long meta(int op, int sectors) {
        return (long) op << 32 | (sectors & 0xffffffffL);
    }

    private static int hash(long sector, long meta) {
        long h = (sector * 0x9E3779B97F4A7C15L) ^ (meta * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ (h >>> 31));
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Appends {@code ns} to the request's times. */
    void add(int op, long sector, int sectors, long ns) {
        if ((keys + 1) * 2 > keySector.length) {
            rehash(keySector.length * 2);
        }
        long m = meta(op, sectors);
        int slot = find(sector, m);
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            next = Arrays.copyOf(next, size * 2);
        }
        times[size] = ns;
        next[size] = NONE;
        if (keyMeta[slot] == -1L) {
            keySector[slot] = sector;
            keyMeta[slot] = m;
            first[slot] = size;
            keys++;
        } else {
            next[last[slot]] = size;
        }
        last[slot] = size;
        size++;
    }

    /** The slot holding the key, or the empty slot where it would go. */
    private int find(long sector, long m) {
        int mask = keySector.length - 1;
        int i = hash(sector, m) & mask;
        while (keyMeta[i] != -1L && (keyMeta[i] != m || keySector[i] != sector)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void rehash(int slots) {
        long[] ks = keySector;
        long[] km = keyMeta;
        int[] f = first;
        int[] l = last;
        keySector = new long[slots];
        keyMeta = newMeta(slots);
        first = new int[slots];
        last = new int[slots];
        for (int j = 0; j < ks.length; j++) {
            if (km[j] != -1L) {
                int i = find(ks[j], km[j]);
                keySector[i] = ks[j];
                keyMeta[i] = km[j];
                first[i] = f[j];
                last[i] = l[j];
            }
        }
    }

    /** A copy that later appends to this one do not change (a built model's view). */
    RecordedTimes frozenCopy() {
        RecordedTimes c = new RecordedTimes();
        c.keySector = keySector.clone();
        c.keyMeta = keyMeta.clone();
        c.first = first.clone();
        c.last = last.clone();
        c.keys = keys;
        c.times = Arrays.copyOf(times, size);
        c.next = Arrays.copyOf(next, size);
        c.size = size;
        return c;
    }

    /** A fresh consumption state: every request's times from its first. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Which time each request takes next; one per model. */
    final class Cursor {
        private final int[] at = first.clone();

        /** The request's next recorded time, consumed, or {@link #ABSENT} when it has none left (or never had one). */
        long poll(int op, long sector, int sectors) {
            if (size == 0) {
                return ABSENT;
            }
            int slot = find(sector, meta(op, sectors));
            if (keyMeta[slot] == -1L || at[slot] == NONE) {
                return ABSENT;
            }
            int i = at[slot];
            at[slot] = next[i];
            return times[i];
        }
    }
}
