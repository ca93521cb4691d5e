package dev.dmreplay.replay.target.cache;

/**
 * {@code struct entry} of drivers/md/dm-cache-policy-smq.c (v6.1): one element of smq's entry space, which is a
 * cache block, a hotspot block or a sentinel. The kernel links entries by 28-bit indexes into one array; the model
 * links the objects themselves, and keeps the index an entry has inside its allocator (the cache block number, or
 * the hotspot block's bit in the hit bitset).
 */
final class SmqEntry {
    /** The entry's index inside its allocator ({@code get_index}). */
    final int index;
    /** Sentinels stay sentinels ({@code init_entry} never clears the bit they are created with). */
    final boolean sentinel;
    SmqEntry prev;
    SmqEntry next;
    int level;
    boolean dirty;
    boolean allocated;
    boolean pendingWork;
    /** The origin block (for a hotspot entry: the hotspot block). */
    long oblock = -1;

    SmqEntry(int index, boolean sentinel) {
        this.index = index;
        this.sentinel = sentinel;
    }

    @Override
    public String toString() {
        return (sentinel ? "S" : "E") + index + "@" + level + (dirty ? "d" : "") + (oblock >= 0 ? "/o" + oblock : "");
    }
}
