package dev.dmreplay.replay.target.thin;

import dev.dmreplay.ingest.thin.ThinDeviceDump;
import dev.dmreplay.ingest.thin.ThinDump;
import dev.dmreplay.ingest.thin.ThinMappingRun;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-core state of the pool metadata (drivers/md/dm-thin-metadata.c and persistent-data, v6.1) as far as I/O
 * and blocking go: per thin device the mapping of virtual to data blocks with the snapshot time each mapping was
 * inserted at, the device details' creation and snapshot times, the pool's snapshot clock ({@code pmd->time}),
 * data block reference counts, the data space map's allocation rule, which metadata btree blocks the current
 * transaction dirtied (what a commit writes) and which ones are in dm-bufio's cache (a lookup of an uncached leaf
 * would block: {@code -EWOULDBLOCK} in {@code thin_bio_map}, a metadata read in the worker).
 *
 * <p>Sharing follows the kernel's two answers. {@code dm_thin_find_block} reports a block shared when the device
 * was snapshotted after the mapping was made ({@code __snapshotted_since}: the device's {@code snapshotted_time} is
 * greater than the mapping's time), not from the reference count: after a snapshot broke sharing of a block, the
 * origin's mapping of it still reads as shared, and a write to it is copied once more. Only discard passdown asks
 * the space map ({@code dm_pool_block_is_shared}: reference count above 1, {@link #blockIsShared}).
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
 *
 * <p>A pool starts empty, or from a {@code thin_dump} of its metadata ({@link #seed}).
 */
final class ThinMetadata {
    /** Entries of a mapping-tree leaf: (4096 - 32) / (8 key + 8 value), rounded down to a multiple of 3. */
    static final int ENTRIES_PER_LEAF = 252;
    /** Blocks a commit writes besides the mapping leaves: device tree, mapping top level, data and metadata space maps. */
    static final int COMMIT_FIXED_BLOCKS = 5;
    /** Metadata block size in sectors. */
    static final int METADATA_BLOCK_SECTORS = 8;

    /** Bits of a mapping value that hold its time (the kernel packs block and time the same way). */
    private static final int TIME_BITS = 24;

    private final long nrDataBlocks;
    /** Per device: virtual block → {@code data block << 24 | time} ({@code pack_block_time}). */
    private final Map<Long, Map<Long, Long>> mappings = new HashMap<>();
    private final Map<Long, DeviceTimes> details = new HashMap<>();
    /** {@code pmd->time}: bumped by each {@code create_snap}; new mappings carry it. */
    private long time;
    private final int[] refcount;
    private final BitSet committedUsed;
    private long begin;
    private final Set<Long> dirtyLeaves = new HashSet<>();
    private final Set<Long> cachedLeaves = new HashSet<>();
    private final boolean warmCache;
    /**
     * Thin devices whose {@code td->changed} is set: only inserting or removing mappings sets it
     * ({@code __insert}, {@code __remove}, {@code __remove_range} of dm-thin-metadata.c v6.1); allocating a data block
     * or dropping a data block's reference changes the space maps but not this, so neither makes a flush commit
     * ({@code bio_triggers_commit}) nor the worker commit on time ({@code dm_pool_changed_this_transaction}).
     */
    private final Set<Long> changed = new HashSet<>();
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

    /** Result of a lookup ({@code dm_thin_find_block}): {@code shared} is {@code __snapshotted_since}. */
    record Lookup(long dataBlock, boolean shared) {
    }

    /** {@code creation_time} and {@code snapshotted_time} of a device's details. */
    private static final class DeviceTimes {
        final long creationTime;
        long snapshottedTime;

        DeviceTimes(long creationTime, long snapshottedTime) {
            this.creationTime = creationTime;
            this.snapshottedTime = snapshottedTime;
        }
    }

    private static long pack(long dataBlock, long t) {
        return dataBlock << TIME_BITS | (t & ((1L << TIME_BITS) - 1));
    }

    private static long blockOf(long packed) {
        return packed >>> TIME_BITS;
    }

    private static long timeOf(long packed) {
        return packed & ((1L << TIME_BITS) - 1);
    }

    /** {@code __create_thin}: a new device's details carry the current time ({@code __open_device}). */
    void createThin(long devId) {
        mappings.computeIfAbsent(devId, k -> new HashMap<>());
        details.computeIfAbsent(devId, k -> new DeviceTimes(time, time));
    }

    /**
     * {@code __create_snap}: the snapshot shares every block of its origin; the clock advances and both the origin
     * and the snapshot are marked snapshotted at the new time, so every existing mapping of either reads as shared.
     */
    void createSnap(long devId, long originId) {
        createThin(originId);
        Map<Long, Long> o = mappings.get(originId);
        Map<Long, Long> s = new HashMap<>(o);
        for (long v : o.values()) {
            refcount[(int) blockOf(v)]++;
        }
        mappings.put(devId, s);
        time++;
        details.get(originId).snapshottedTime = time;
        details.put(devId, new DeviceTimes(time, time));
    }

    /**
     * Replaces the whole state with a {@code thin_dump} of the pool's metadata at trace start: mappings and times
     * per device, the clock, the reference count of every data block (one per device mapping it), a committed
     * space map equal to the current one (a dump is of committed metadata), nothing dirty. The allocation cursor
     * is put one past the highest data block in use: where {@code sm_disk_new_block} leaves it after allocating
     * front to back in a pool that stayed loaded since (a freshly opened space map starts at 0, which finds the
     * same first free block whenever the blocks in use are a prefix, as after a fill). The caller checked that
     * every data block is within the pool.
     */
    void seed(ThinDump dump) {
        mappings.clear();
        details.clear();
        java.util.Arrays.fill(refcount, 0);
        time = dump.superblock().time();
        for (ThinDeviceDump d : dump.devices()) {
            Map<Long, Long> m = new HashMap<>();
            for (ThinMappingRun r : d.runs()) {
                for (long i = 0; i < r.length(); i++) {
                    m.put(r.originBegin() + i, pack(r.dataBegin() + i, r.time()));
                    refcount[(int) (r.dataBegin() + i)]++;
                }
            }
            mappings.put(d.devId(), m);
            details.put(d.devId(), new DeviceTimes(d.creationTime(), d.snapTime()));
        }
        begin = dump.dataBlocksSpanned();
        dirtyLeaves.clear();
        cachedLeaves.clear();
        committed();
    }

    /** Data blocks with a reference. */
    long dataBlocksInUse() {
        long n = 0;
        for (int c : refcount) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    long nrDataBlocks() {
        return nrDataBlocks;
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
        Long v = m == null ? null : m.get(vblock);
        if (v == null) {
            return null;
        }
        DeviceTimes td = details.get(devId);
        // __snapshotted_since: the device was snapshotted after this mapping was inserted
        return new Lookup(blockOf(v), td != null && td.snapshottedTime > timeOf(v));
    }

    /** {@code dm_pool_block_is_shared}: the data space map's reference count is above 1. */
    boolean blockIsShared(long dataBlock) {
        return refcount[(int) dataBlock] > 1;
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
        Long old = m.put(vblock, pack(dataBlock, time)); // __insert: pack_block_time(data_block, pmd->time)
        if (old != null) {
            refcount[(int) blockOf(old)]--;
        }
        dirtyLeaves.add(leafKey(devId, vblock));
        cache(devId, vblock);
        changed.add(devId);
    }

    /** {@code dm_thin_remove_range} of one block; returns the data block it was mapped to, or -1. */
    long remove(long devId, long vblock) {
        Map<Long, Long> m = mappings.get(devId);
        Long old = m == null ? null : m.remove(vblock);
        if (old == null) {
            return -1;
        }
        dirtyLeaves.add(leafKey(devId, vblock));
        changed.add(devId);
        return blockOf(old);
    }

    /** {@code dm_pool_dec_data_range} of one block. */
    void decData(long dataBlock) {
        refcount[(int) dataBlock]--;
    }

    /** {@code dm_pool_changed_this_transaction}: some thin device's mappings changed since the last commit. */
    boolean changedThisTransaction() {
        return !changed.isEmpty();
    }

    /** {@code dm_thin_changed_this_transaction}: this thin device's mappings changed since the last commit. */
    boolean changedThisTransaction(long devId) {
        return changed.contains(devId);
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
        changed.clear();
        // the allocation cursor stays where it is: sm_disk_commit stopped resetting it in v5.14 (5faafc77f7de)
    }
}
