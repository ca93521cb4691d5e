package dev.dmreplay.replay.target.cache;

/**
 * {@code struct entry_alloc} (drivers/md/dm-cache-policy-smq.c v6.1): a range of the entry space with a free list.
 * {@code init_allocator} links the entries in index order, {@code alloc_entry} takes the free list's head and
 * {@code free_entry} puts an entry back at its tail. So a fresh allocator hands out index 0 first, then 1, 2, ...,
 * and a freed entry waits behind every block still free (first in, first out). Kernels before 4.13 popped the
 * tail (highest index first, a freed entry reused at once); "dm cache policy smq: allocate cache blocks in order"
 * (v4.13) changed {@code alloc_entry} to pop the head, which is what the 6.1 captures show: a fresh cache's first
 * promotions land at cache sector 0 upwards ({@code traces/real-cache}).
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

    /**
     * {@code alloc_entry} (v6.1: {@code l_pop_head}) with {@code init_entry}: the free list's first entry, level 0,
     * dirty (as the kernel initialises it), no pending work.
     */
    SmqEntry alloc() {
        SmqEntry e = free.popHead();
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

    /**
     * The first free entry, in the free list's order, that {@code avoid} does not refuse; the head when it refuses all.
     * A replay following a traced kernel's promotions ({@link TracedPromotions}) keeps the cache blocks the kernel
     * gave its later promotions free for them.
     */
    SmqEntry allocAvoiding(java.util.function.IntPredicate avoid) {
        for (SmqEntry e = free.head; e != null; e = e.next) {
            if (!avoid.test(e.index)) {
                free.remove(e);
                return init(e);
            }
        }
        return alloc();
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
