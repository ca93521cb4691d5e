package dev.dmreplay.replay.target.thin;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-core state of the pool metadata (drivers/md/dm-thin-metadata.c and persistent-data, v6.1) as far as I/O
 * and blocking go: per thin device the mapping of virtual to data blocks, data block reference counts (sharing
 * after {@code create_snap}), the data space map's allocation rule, which metadata btree blocks the current
 * transaction dirtied (what a commit writes) and which ones are in dm-bufio's cache (a lookup of an uncached leaf
 * would block: {@code -EWOULDBLOCK} in {@code thin_bio_map}, a metadata read in the worker).
 *
 * <p>Allocation follows {@code sm_disk_new_block}: the first block free in both the <em>committed</em> and the
 * current space map at or after the cursor ({@code smd->begin}, one past the last allocation), wrapping around to
 * the start when nothing after it is free; blocks freed in this transaction are reused only after the commit. Since
 * v5.14 (5faafc77f7de) a commit leaves the cursor where it is; before, it reset it to 0. Btree geometry: 4 KiB
 * metadata blocks; a mapping-tree leaf holds
 * {@value #ENTRIES_PER_LEAF} entries; a commit writes each dirtied leaf once, {@value #COMMIT_FIXED_BLOCKS} blocks
 * for the roots and space maps, and one internal node per 126 leaves of a device that has more than one leaf.
 * Addresses of metadata writes are not the kernel's (shadowing allocates anywhere): the model writes them
 * sequentially after the blocks in use.
 */
final class ThinMetadata {
    /** Entries of a mapping-tree leaf: (4096 - 32) / (8 key + 8 value), rounded down to a multiple of 3. */
    static final int ENTRIES_PER_LEAF = 252;
    /** Blocks a commit writes besides the mapping leaves: device tree, mapping top level, data and metadata space maps. */
    static final int COMMIT_FIXED_BLOCKS = 5;
    /** Metadata block size in sectors. */
    static final int METADATA_BLOCK_SECTORS = 8;

    private final long nrDataBlocks;
    private final Map<Long, Map<Long, Long>> mappings = new HashMap<>();
    private final int[] refcount;
    private final BitSet committedUsed;
    private long begin;
    private final Set<Long> dirtyLeaves = new HashSet<>();
    private final Set<Long> cachedLeaves = new HashSet<>();
    private final boolean warmCache;
    private boolean changed;
    private long nextMetadataBlock;
    private final long nrMetadataBlocks;

    ThinMetadata(long nrDataBlocks, long metadataSectors, boolean warmCache) {
        this.nrDataBlocks = nrDataBlocks;
        this.refcount = new int[(int) Math.min(Integer.MAX_VALUE - 8, nrDataBlocks)];
        this.committedUsed = new BitSet();
        this.warmCache = warmCache;
        this.nrMetadataBlocks = Math.max(16, metadataSectors / METADATA_BLOCK_SECTORS);
        this.nextMetadataBlock = 16;
    }

    /** Result of a lookup ({@code dm_thin_find_block}). */
    record Lookup(long dataBlock, boolean shared) {
    }

    void createThin(long devId) {
        mappings.computeIfAbsent(devId, k -> new HashMap<>());
    }

    /** {@code create_snap}: the snapshot shares every block of its origin. */
    void createSnap(long devId, long originId) {
        Map<Long, Long> o = mappings.computeIfAbsent(originId, k -> new HashMap<>());
        Map<Long, Long> s = new HashMap<>(o);
        for (long b : o.values()) {
            refcount[(int) b]++;
        }
        mappings.put(devId, s);
    }

    static long leafKey(long devId, long vblock) {
        return (devId << 40) ^ (vblock / ENTRIES_PER_LEAF);
    }

    /** Whether the leaf holding {@code vblock} is in the cache (a non-blocking lookup would succeed). */
    boolean cached(long devId, long vblock) {
        return warmCache || cachedLeaves.contains(leafKey(devId, vblock));
    }

    void cache(long devId, long vblock) {
        cachedLeaves.add(leafKey(devId, vblock));
    }

    /** The mapping of a virtual block, or null ({@code -ENODATA}). */
    Lookup lookup(long devId, long vblock) {
        Map<Long, Long> m = mappings.get(devId);
        Long d = m == null ? null : m.get(vblock);
        if (d == null) {
            return null;
        }
        return new Lookup(d, refcount[(int) (long) d] > 1);
    }

    /** {@code dm_pool_alloc_data_block}: -1 when the data device is full ({@code -ENOSPC}). */
    long allocDataBlock() {
        long b = findFree(begin, nrDataBlocks);
        if (b < 0) {
            // nothing free after the cursor: search before it, for blocks freed since (sm_disk_new_block)
            b = findFree(0, begin);
        }
        if (b < 0) {
            return -1;
        }
        begin = b + 1;
        refcount[(int) b] = 1;
        changed = true;
        return b;
    }

    /** {@code sm_ll_find_common_free_block}: free in the committed and in the current space map. */
    private long findFree(long from, long to) {
        for (long b = from; b < to; b++) {
            if (!committedUsed.get((int) b) && refcount[(int) b] == 0) {
                return b;
            }
        }
        return -1;
    }

    long freeDataBlocks() {
        long used = 0;
        for (int i = 0; i < refcount.length; i++) {
            if (refcount[i] > 0 || committedUsed.get(i)) {
                used++;
            }
        }
        return nrDataBlocks - used;
    }

    /** {@code dm_thin_insert_block}: map (replacing, for broken sharing, and dropping the old reference). */
    void insert(long devId, long vblock, long dataBlock) {
        Map<Long, Long> m = mappings.computeIfAbsent(devId, k -> new HashMap<>());
        Long old = m.put(vblock, dataBlock);
        if (old != null) {
            refcount[(int) (long) old]--;
        }
        dirtyLeaves.add(leafKey(devId, vblock));
        cache(devId, vblock);
        changed = true;
    }

    /** {@code dm_thin_remove_range} of one block; returns the data block it was mapped to, or -1. */
    long remove(long devId, long vblock) {
        Map<Long, Long> m = mappings.get(devId);
        Long old = m == null ? null : m.remove(vblock);
        if (old == null) {
            return -1;
        }
        dirtyLeaves.add(leafKey(devId, vblock));
        changed = true;
        return old;
    }

    /** {@code dm_pool_dec_data_range} of one block. */
    void decData(long dataBlock) {
        refcount[(int) dataBlock]--;
        changed = true;
    }

    boolean changedThisTransaction() {
        return changed;
    }

    /**
     * The metadata blocks the next commit writes (not the superblock): dirtied leaves, the internal nodes above
     * them, the roots and space maps. Returns their block numbers on the metadata device.
     */
    long[] commitBlocks() {
        Set<Long> devices = new TreeSet<>();
        for (long k : dirtyLeaves) {
            devices.add(k >>> 40);
        }
        int internal = 0;
        for (long dev : devices) {
            Map<Long, Long> m = mappings.get(dev);
            long leaves = m == null || m.isEmpty() ? 1 : (maxKey(m) / ENTRIES_PER_LEAF) + 1;
            if (leaves > 1) {
                internal += (int) ((leaves + 125) / 126);
            }
        }
        int n = COMMIT_FIXED_BLOCKS + dirtyLeaves.size() + internal;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = nextMetadataBlock;
            nextMetadataBlock++;
            if (nextMetadataBlock >= nrMetadataBlocks) {
                nextMetadataBlock = 16;
            }
        }
        return out;
    }

    private static long maxKey(Map<Long, Long> m) {
        long x = 0;
        for (long k : m.keySet()) {
            x = Math.max(x, k);
        }
        return x;
    }

    /** {@code __begin_transaction} after a commit: the committed space map is the current one. */
    void committed() {
        committedUsed.clear();
        for (int i = 0; i < refcount.length; i++) {
            if (refcount[i] > 0) {
                committedUsed.set(i);
            }
        }
        dirtyLeaves.clear();
        changed = false;
        // the allocation cursor stays where it is: sm_disk_commit stopped resetting it in v5.14 (5faafc77f7de)
    }
}
