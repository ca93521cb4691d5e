package dev.dmreplay.replay.target.cache;

import java.util.TreeSet;

/**
 * What a commit of the cache metadata writes (drivers/md/dm-cache-metadata.c v6.1, version 1 format, 4 KiB
 * blocks): the mapping array ({@code dm_array} of 64-bit entries, {@value #ENTRIES_PER_ARRAY_BLOCK} per block)
 * changes when a promotion inserts or a demotion removes a mapping ({@code dm_cache_insert_mapping},
 * {@code dm_cache_remove_mapping}), and {@code dm_cache_changed_this_transaction} is then true.
 * {@code dm_cache_commit} writes, copy-on-write, every array block changed since the last commit, one block of the
 * array's btree spine and the two blocks of the metadata space map (bitmap and index) that the shadowing touched,
 * flushes (the transaction manager's pre-commit), writes the superblock and flushes again.
 *
 * <p>Departures: block numbers are the model's own (the kernel's depend on its allocator); the dirty bitset, the
 * discard bitset, the statistics and the policy hints are written only at suspend ({@code sync_metadata}), which a
 * replay never reaches; the block count per commit (changed array blocks + 3 + superblock) is the shape of the
 * captured 6.1 trace (5 writes and 2 flushes per commit while all mappings live in one array block).
 */
final class CacheMetadata {
    /** (4096 - 24-byte {@code struct array_block} header) / 8-byte entries. */
    static final int ENTRIES_PER_ARRAY_BLOCK = 509;
    /** Sectors per metadata block ({@code DM_CACHE_METADATA_BLOCK_SIZE}, 4 KiB). */
    static final int BLOCK_SECTORS = 8;
    private static final long SPINE_BLOCK = 4;
    private static final long SPACE_MAP_BITMAP = 2;
    private static final long SPACE_MAP_INDEX = 3;
    private static final long FIRST_ARRAY_BLOCK = 16;

    private final TreeSet<Long> changedArrayBlocks = new TreeSet<>();
    private boolean changed;

    void insert(long cblock) {
        change(cblock);
    }

    void remove(long cblock) {
        change(cblock);
    }

    private void change(long cblock) {
        changed = true;
        changedArrayBlocks.add(cblock / ENTRIES_PER_ARRAY_BLOCK);
    }

    /** {@code dm_cache_changed_this_transaction}. */
    boolean changedThisTransaction() {
        return changed;
    }

    /** The blocks {@code dm_tm_pre_commit} writes (before the superblock), in order. */
    long[] commitBlocks() {
        long[] b = new long[changedArrayBlocks.size() + 3];
        int i = 0;
        for (long a : changedArrayBlocks) {
            b[i++] = FIRST_ARRAY_BLOCK + a;
        }
        b[i++] = SPINE_BLOCK;
        b[i++] = SPACE_MAP_BITMAP;
        b[i] = SPACE_MAP_INDEX;
        return b;
    }

    void committed() {
        changed = false;
        changedArrayBlocks.clear();
    }
}
