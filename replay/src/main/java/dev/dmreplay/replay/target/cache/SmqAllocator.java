package dev.dmreplay.replay.target.cache;

/**
 * {@code struct entry_alloc} (drivers/md/dm-cache-policy-smq.c v6.1): a range of the entry space with a free list.
 * Entries are taken from the free list's tail and freed to its tail, so a fresh allocator hands out its highest
 * index first and a freed entry is the next one handed out.
 */
final class SmqAllocator {
    private final SmqEntry[] entries;
    private final SmqList free = new SmqList();
    private int allocated;

    SmqAllocator(int n, boolean sentinels) {
        entries = new SmqEntry[n];
        for (int i = 0; i < n; i++) {
            entries[i] = new SmqEntry(i, sentinels);
            if (!sentinels) {
                free.addTail(entries[i]);
            }
        }
    }

    /** {@code alloc_entry} with {@code init_entry}: level 0, dirty (as the kernel initialises it), no pending work. */
    SmqEntry alloc() {
        SmqEntry e = free.popTail();
        return e == null ? null : init(e);
    }

    /** {@code init_entry}, counted as allocated. */
    private SmqEntry init(SmqEntry e) {
        e.level = 0;
        e.dirty = true;
        e.allocated = true;
        e.pendingWork = false;
        allocated++;
        return e;
    }

    /** {@code alloc_particular_entry}: a given free entry. */
    SmqEntry allocParticular(int index) {
        SmqEntry e = entries[index];
        if (e.allocated) {
            throw new IllegalStateException("entry " + index + " already allocated");
        }
        free.remove(e);
        return init(e);
    }

    /** {@code free_entry}. */
    void free(SmqEntry e) {
        if (!e.allocated) {
            throw new IllegalStateException("freeing a free entry " + e);
        }
        allocated--;
        e.allocated = false;
        free.addTail(e);
    }

    /** {@code get_entry}. */
    SmqEntry get(int index) {
        return entries[index];
    }

    boolean isEmpty() {
        return free.isEmpty();
    }

    int allocated() {
        return allocated;
    }

    int size() {
        return entries.length;
    }
}
