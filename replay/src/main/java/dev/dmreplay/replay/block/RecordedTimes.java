package dev.dmreplay.replay.block;

import dev.dmreplay.replay.util.LongChunks;

/**
 * The recorded times of a trace's requests, per request (op class, sector, size), in arrival order, in primitive
 * arrays: an open-addressing table of keys whose entries chain into an arena of times. A trace-driven model keeps up
 * to 2^18 of them per table and a replay several tables per device; as boxed {@code Long}s in a
 * {@code HashMap<key, ArrayDeque<Long>>} each took about 170 bytes, here about 35 (16 per time, the rest per key at
 * a load of at most one half). The times are in {@link LongChunks}: a survey fills several tables while it reads the
 * trace, and arrays doubled as they filled left their older copies in the old generation.
 *
 * <p>Appending belongs to the builder; {@link #cursor()} gives a model its own consumption state over the same
 * arrays, so several models built from one survey share the times and consume them independently. Not thread-safe
 * while appending.
 */
final class RecordedTimes {
    private static final int NONE = -1;
    /** What {@link Cursor#poll} returns for a request without a time left. */
    static final long ABSENT = Long.MIN_VALUE;

    /**
     * Three longs per slot, side by side so that a probe and its entry's links read one cache line (the tables
     * outgrow the caches): the key's sector; op class and size packed ({@code op << 32 | sectors}), -1 = empty;
     * the arena index of the key's first time (high half) and last time (low half).
     */
    private long[] slotData = newSlots(16);
    private int slots = 16;
    private int keyCount;
    /** The arena: times in arrival order, each with the index of its key's next time. */
    private LongChunks times = new LongChunks();
    private LongChunks next = new LongChunks();
    /** Per time: when the kernel's request took it (ns since the trace's first event), or {@link #ABSENT}. */
    private LongChunks when = new LongChunks();
    private int size;

    private static long[] newSlots(int slots) {
        long[] k = new long[slots * 3];
        for (int i = 1; i < k.length; i += 3) {
            k[i] = -1L;
        }
        return k;
    }

    private static long meta(int op, int sectors) {
        return (long) op << 32 | (sectors & 0xffffffffL);
    }

    private static int hash(long sector, long meta) {
        long h = (sector * 0x9E3779B97F4A7C15L) ^ (meta * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ (h >>> 31));
    }

    private static long links(int first, int last) {
        return (long) first << 32 | (last & 0xffffffffL);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Appends {@code ns} to the request's times. */
    void add(int op, long sector, int sectors, long ns) {
        add(op, sector, sectors, ns, ABSENT);
    }

    /** Appends {@code ns}, taken by the kernel's request at {@code moment} (ns since the trace's first event). */
    void add(int op, long sector, int sectors, long ns, long moment) {
        if ((keyCount + 1) * 2 > slots) {
            rehash(slots * 2);
        }
        long m = meta(op, sectors);
        int at = 3 * find(sector, m);
        times.add(ns);
        next.add(NONE);
        when.add(moment);
        if (slotData[at + 1] == -1L) {
            slotData[at] = sector;
            slotData[at + 1] = m;
            slotData[at + 2] = links(size, size);
            keyCount++;
        } else {
            long l = slotData[at + 2];
            next.set((int) l, size);
            slotData[at + 2] = links((int) (l >>> 32), size);
        }
        size++;
    }

    /** The slot holding the key, or the empty slot where it would go. */
    private int find(long sector, long m) {
        int mask = slots - 1;
        int i = hash(sector, m) & mask;
        long km;
        while ((km = slotData[3 * i + 1]) != -1L && (km != m || slotData[3 * i] != sector)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void rehash(int newSlots) {
        long[] old = slotData;
        int oldSlots = slots;
        slotData = newSlots(newSlots);
        slots = newSlots;
        for (int j = 0; j < oldSlots; j++) {
            if (old[3 * j + 1] != -1L) {
                int i = find(old[3 * j], old[3 * j + 1]);
                System.arraycopy(old, 3 * j, slotData, 3 * i, 3);
            }
        }
    }

    /** A copy that later appends to this one do not change (a built model's view). */
    RecordedTimes frozenCopy() {
        RecordedTimes c = new RecordedTimes();
        c.slotData = slotData.clone();
        c.slots = slots;
        c.keyCount = keyCount;
        c.times = times.copy();
        c.next = next.copy();
        c.when = when.copy();
        c.size = size;
        return c;
    }

    /** Every time with its request and moment, by sector ({@link CoveringTimes}). */
    CoveringTimes covering(int classes) {
        int[] cls = new int[size];
        long[] first = new long[size];
        int[] len = new int[size];
        long[] moment = new long[size];
        long[] ns = new long[size];
        int n = 0;
        for (int slot = 0; slot < slots; slot++) {
            long m = slotData[3 * slot + 1];
            if (m == -1L) {
                continue;
            }
            for (int i = (int) (slotData[3 * slot + 2] >>> 32); i != NONE; i = (int) next.get(i)) {
                cls[n] = (int) (m >>> 32);
                first[n] = slotData[3 * slot];
                len[n] = (int) m;
                moment[n] = when.get(i);
                ns[n] = times.get(i);
                n++;
            }
        }
        return CoveringTimes.of(classes, n, cls, first, len, moment, ns);
    }

    /** A fresh consumption state: every request's times from its first. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Which time each request takes next; one per model. */
    final class Cursor {
        /** Per slot: the arena index of the key's next time, or {@link #NONE}. */
        private final int[] at = new int[slots];

        Cursor() {
            for (int i = 0; i < slots; i++) {
                at[i] = (int) (slotData[3 * i + 2] >>> 32);
            }
        }

        /** The request's next recorded time, consumed, or {@link #ABSENT} when it has none left (or never had one). */
        long poll(int op, long sector, int sectors) {
            if (size == 0) {
                return ABSENT;
            }
            int slot = find(sector, meta(op, sectors));
            if (slotData[3 * slot + 1] == -1L || at[slot] == NONE) {
                return ABSENT;
            }
            int i = at[slot];
            at[slot] = (int) next.get(i);
            return times.get(i);
        }

        /**
         * The time the kernel's request with this key nearest to {@code now} (ns since the trace's first event)
         * took, not consumed: for a request whose cost is the device's state at that moment rather than its own (a
         * flush writes back whatever the cache holds then). {@link #ABSENT} when the key has no time, and the next
         * time in order ({@link #poll}) when its times carry no moment. {@code now} must not go back between calls.
         */
        long nearest(int op, long sector, int sectors, long now) {
            if (size == 0) {
                return ABSENT;
            }
            int slot = find(sector, meta(op, sectors));
            if (slot < 0 || slot >= slots || slotData[3 * slot + 1] == -1L) {
                return ABSENT;
            }
            int i = (int) (slotData[3 * slot + 2] >>> 32);
            if (when.get(i) == ABSENT) {
                return poll(op, sector, sectors);
            }
            int j = at[slot] == NONE ? i : at[slot];
            // the times of one key are in the kernel's order: move on while the next one is not later than now
            while (next.get(j) != NONE && when.get((int) next.get(j)) <= now) {
                j = (int) next.get(j);
            }
            at[slot] = j;
            int k = (int) next.get(j);
            return k != NONE && when.get(k) - now < now - when.get(j) ? times.get(k) : times.get(j);
        }

        /** Per arena index: taken by {@link #nearestUnused}; allocated on first use. */
        private java.util.BitSet taken;

        /**
         * As {@link #nearest}, but each of the kernel's times is taken once: the time of the not yet taken request
         * with this key nearest to {@code now}, ignoring those more than {@code staleNs} before {@code now} while a
         * nearer one is left. Where the model issues the key's requests one for one with the kernel's it is the
         * order of {@link #poll}; where it issues more or fewer, it keeps to the trace's clock instead of taking the
         * time of another moment, and, unlike {@link #nearest}, a rare long time is not handed to every request that
         * comes near it. {@code now} must not go back between calls.
         */
        long nearestUnused(int op, long sector, int sectors, long now, long staleNs) {
            if (size == 0) {
                return ABSENT;
            }
            int slot = find(sector, meta(op, sectors));
            if (slot < 0 || slot >= slots || slotData[3 * slot + 1] == -1L) {
                return ABSENT;
            }
            if (taken == null) {
                taken = new java.util.BitSet();
            }
            int head = at[slot];
            if (head != NONE && when.get(head) == ABSENT) {
                return poll(op, sector, sectors);
            }
            // drop from the front what was taken, and what is stale while something after it is left
            while (head != NONE && (taken.get(head) || when.get(head) < now - staleNs && nextFree(head) != NONE)) {
                head = (int) next.get(head);
            }
            at[slot] = head;
            if (head == NONE) {
                return ABSENT;
            }
            // the last free time at or before now, then the first free one after it
            int before = NONE;
            int j = head;
            while (j != NONE && when.get(j) <= now) {
                if (!taken.get(j)) {
                    before = j;
                }
                j = (int) next.get(j);
            }
            int after = j == NONE || !taken.get(j) ? j : nextFree(j);
            int pick = before == NONE ? after
                    : after != NONE && when.get(after) - now < now - when.get(before) ? after : before;
            taken.set(pick);
            return times.get(pick);
        }

        /** The first not yet taken time after arena index {@code i} in its key's order, or {@link #NONE}. */
        private int nextFree(int i) {
            int j = (int) next.get(i);
            while (j != NONE && taken.get(j)) {
                j = (int) next.get(j);
            }
            return j;
        }
    }
}
