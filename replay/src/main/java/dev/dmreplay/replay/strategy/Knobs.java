package dev.dmreplay.replay.strategy;

import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Mempool;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The orthogonal configuration knobs of docs/kernel-model.md §9.8. A {@link Strategy} is a named bundle of them; every
 * knob can be overridden by name ({@link #with(String, String)}).
 *
 * @param gmrOrdering         {@code generic_make_request} ordering (§2)
 * @param dmGen               DM core generation (§6)
 * @param dmBiosetRescuer     whether DM's biosets ({@code md->bs}) have a rescuer
 * @param dmIoStorage         {@code struct dm_io} from a plain mempool (≤4.15) or the {@code io_bs} front pad
 * @param multiTioAlloc       {@code num_*_bios > 1}: sequential alloc+map, or {@code alloc_multiple_bios}
 * @param offload             extra rescue mechanism (dm_offload, md->rescued, per-device helpers)
 * @param offloadTrigger      for MD_RESCUED and PER_DEVICE_HELPER: failed non-blocking DM allocation or sleep
 * @param reservedBioBasedIos {@code reserved_bio_based_ios} (DM pool size, default 16)
 * @param bioPoolSize         {@code BIO_POOL_SIZE} for {@code q->bio_split} (default 2)
 * @param mdFlushFix          minimal md device: submit flush children from a workqueue (md's flush fix, v2.6.37)
 * @param cpuNsPerMap         modelled CPU time per mapped piece (lets concurrent submitters interleave)
 * @param snapshotLocking     dm-snapshot's locking era: before v5.3 the snapshot lock is exclusive and
 *                            {@code pending_complete} waits for tracked reads holding it; from v5.3 (65fc7c370477 and
 *                            follow-ups) a read lock, per-bucket locks, the wait without locks, and {@code cow_count}
 * @param raid1Barrier        md raid1's resync barrier: the global barrier (v3.5–v3.12 form) or the per-bucket
 *                            barrier (v4.12+, fd76863e37fe); AUTO follows the DM generation (G0/G1: GLOBAL,
 *                            G2/G3: BUCKETS)
 * @param mdResyncFix         md raid1 {@code wait_barrier} lets a request through while the caller's
 *                            {@code current->bio_list} holds bios and requests are pending (d6b42dcb995e)
 * @param splitResubmit       where a block-layer split remainder ({@code bio_submit_split_bioset}) goes on
 *                            {@code current->bio_list[0]}: TAIL (≤ v6.17) or HEAD (v6.18, b2f5974079d8)
 * @param zoneWritePlugging   zone write plugging on zoned disks (v6.10+, {@code blk_zone_plug_bio}): at most one
 *                            write per zone in flight, later ones held in the zone's plug in arrival order
 * @param dmZonedSplit        DM splits a write to a zoned mapped device that straddles a zone boundary at its
 *                            entry with {@code bio_split_to_limits} (v6.17+, 2df7168717b7 and 675f94057635)
 * @param mempoolAlloc        the first round of {@code mempool_alloc} (mm/mempool.c): sleep at once after the reserve
 *                            (before the 2012 fix) or retry the allocator with reclaim first (since)
 * @param zeroErrorDiscards   whether dm-zero and dm-error take discards (v6.4, 00065f925efb and b6bcb8444681)
 * @param targets             knobs of dm-crypt and dm-thin themselves ({@link TargetKnobs}), the same for every
 *                            strategy
 */
public record Knobs(BlockLayer.Ordering gmrOrdering, DmGen dmGen, boolean dmBiosetRescuer, DmIoStorage dmIoStorage,
                    MultiTioAlloc multiTioAlloc, Offload offload, OffloadTrigger offloadTrigger,
                    int reservedBioBasedIos, int bioPoolSize, boolean mdFlushFix, long cpuNsPerMap,
                    SnapshotLocking snapshotLocking, Raid1Barrier raid1Barrier, boolean mdResyncFix,
                    BlockLayer.SplitResubmit splitResubmit, boolean zoneWritePlugging, boolean dmZonedSplit,
                    Mempool.FirstRound mempoolAlloc, ZeroErrorDiscards zeroErrorDiscards, TargetKnobs targets) {

    /**
     * DM core generation (§6): G0 all pieces in one call, G1 the same plus dm_offload, G2 depth first with the
     * remainder cloned, G3 depth first with the head split off ({@code bio_split}), G4 depth first with the
     * original trimmed to the remainder and resubmitted without an allocation (v6.0, 8b211aaccb91).
     */
    public enum DmGen { G0_ALL_IN_ONE, G1_OFFLOAD, G2_DEPTH_FIRST_CLONE_REMAINDER, G3_SPLIT_HEAD, G4_TRIM_REMAINDER }

    public enum DmIoStorage { IO_POOL_MEMPOOL, IO_BS_FRONT_PAD }

    public enum MultiTioAlloc { SEQUENTIAL, ALLOC_MULTIPLE_MUTEX }

    public enum Offload { NONE, DM_OFFLOAD_ON_FIRST_SLEEP_IN_MAP, MD_RESCUED, PER_DEVICE_HELPER }

    public enum OffloadTrigger { ALLOC_FAIL, SLEEP }

    /**
     * dm-snapshot locking (drivers/md/dm-snap.c). {@code EXCLUSIVE}: v4.15 and earlier (rw_semaphore taken with
     * {@code down_write}, later a mutex, in {@code snapshot_map}, {@code __origin_write} and
     * {@code pending_complete}, which polls for conflicting tracked reads while holding it; kcopyd sub-jobs of 128
     * sectors). {@code BUCKET}: v5.3 and later ({@code down_read} plus per-hash-bucket locks in the map paths;
     * {@code pending_complete} inserts the exception first and waits for tracked reads with no lock held; the
     * {@code cow_count} semaphore bounds chunks being copied; 512 KiB kcopyd sub-jobs).
     */
    public enum SnapshotLocking { EXCLUSIVE, BUCKET }

    /** md raid1's resync barrier generation (the 3.13–4.11 "resync window" form is not modelled). */
    public enum Raid1Barrier { AUTO, GLOBAL, BUCKETS }

    /**
     * Discards to dm-zero and dm-error. {@code REFUSED}: before v6.4 neither sets {@code num_discard_bios}, so DM
     * fails a discard with {@code BLK_STS_NOTSUPP}. {@code SUPPORTED}: v6.4 (00065f925efb "dm zero: add discard
     * support", b6bcb8444681 "dm error: add discard support"): dm-zero ends them, dm-error kills them.
     */
    public enum ZeroErrorDiscards { REFUSED, SUPPORTED }

    /** Knob names accepted by {@link #with}, in {@link Knob} order. */
    public static final String[] NAMES = Knob.ids().toArray(new String[0]);

    /**
     * The base every strategy preset starts from: the oldest era the model covers (V1 ordering, G0, no rescuer,
     * dm_io from a plain mempool, DM pools of 16, q->bio_split of 2).
     */
    public static final Knobs BASE = new Knobs(BlockLayer.Ordering.V1_FIFO, DmGen.G0_ALL_IN_ONE, false,
            DmIoStorage.IO_POOL_MEMPOOL, MultiTioAlloc.SEQUENTIAL, Offload.NONE, OffloadTrigger.ALLOC_FAIL, 16, 2, false,
            0, SnapshotLocking.EXCLUSIVE, Raid1Barrier.AUTO, false, BlockLayer.SplitResubmit.TAIL, false, false,
            Mempool.FirstRound.SLEEP_FIRST, ZeroErrorDiscards.REFUSED, TargetKnobs.DEFAULT);

    public Knobs {
        if (targets == null) {
            targets = TargetKnobs.DEFAULT;
        }
        if (splitResubmit == null) {
            splitResubmit = BlockLayer.SplitResubmit.TAIL;
        }
        if (mempoolAlloc == null) {
            mempoolAlloc = Mempool.FirstRound.RECLAIM_RETRY;
        }
        if (zeroErrorDiscards == null) {
            zeroErrorDiscards = ZeroErrorDiscards.SUPPORTED;
        }
        if (reservedBioBasedIos < 1 || reservedBioBasedIos > 1024) {
            throw new IllegalArgumentException("reservedBioBasedIos must be in 1..1024 (DM_RESERVED_MAX_IOS)");
        }
        if (bioPoolSize < 1) {
            throw new IllegalArgumentException("bioPoolSize must be >= 1");
        }
        if (cpuNsPerMap < 0) {
            throw new IllegalArgumentException("cpuNsPerMap must be >= 0");
        }
        if (targets == null) {
            targets = TargetKnobs.DEFAULT;
        }
    }

    public boolean dmOffload() {
        return offload == Offload.DM_OFFLOAD_ON_FIRST_SLEEP_IN_MAP;
    }

    /** The raid1 barrier in effect: AUTO resolves to GLOBAL for G0/G1 strategies and BUCKETS for G2/G3. */
    public Raid1Barrier raid1BarrierInEffect() {
        if (raid1Barrier != Raid1Barrier.AUTO) {
            return raid1Barrier;
        }
        return depthFirst() ? Raid1Barrier.BUCKETS : Raid1Barrier.GLOBAL;
    }

    public boolean depthFirst() {
        return dmGen == DmGen.G2_DEPTH_FIRST_CLONE_REMAINDER || dmGen == DmGen.G3_SPLIT_HEAD
                || dmGen == DmGen.G4_TRIM_REMAINDER;
    }

    /**
     * G3 and later: {@code dm_wq_work} resubmits deferred bios with {@code submit_bio_noacct} and empty flushes
     * follow the ≥ v5.x {@code alloc_tio}.
     */
    public boolean splitsHeadOrLater() {
        return dmGen == DmGen.G3_SPLIT_HEAD || dmGen == DmGen.G4_TRIM_REMAINDER;
    }

    /**
     * Returns a copy with one knob changed; names as in {@link Knob}, values case-insensitive, enum values also as
     * an unambiguous prefix. Throws {@link IllegalArgumentException} naming the knob and what it expects.
     */
    public Knobs with(String name, String value) {
        if (TargetKnobs.isKnob(name.trim())) {
            Builder b = toBuilder();
            b.targets = targets.with(name.trim(), value.trim());
            return b.build();
        }
        Knob k = Knob.byName(name);
        return k.set(this, k.parse(value));
    }

    /** Returns a copy with {@code knob} set to an already parsed value. */
    public Knobs with(Knob knob, Object value) {
        return knob.set(this, value);
    }

    /** Applies {@code name=value} overrides in order. */
    public Knobs withAll(Iterable<String> assignments) {
        Knobs k = this;
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("knob override '" + a + "' is not name=value");
            }
            k = k.with(a.substring(0, eq), a.substring(eq + 1));
        }
        return k;
    }

    /** Knob values by name, in {@link Knob} order (for summaries). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Knob k : Knob.values()) {
            m.put(k.id, k.print(this));
        }
        m.putAll(targets.changed()); // the targets' own knobs only where a run set them (same for every strategy)
        return m;
    }

    /** The knobs whose values differ from {@code base}, as {@code name=value} (how a preset is written). */
    public java.util.List<String> differencesFrom(Knobs base) {
        java.util.List<String> l = new java.util.ArrayList<>();
        for (Knob k : Knob.values()) {
            String v = k.print(this);
            if (!v.equals(k.print(base))) {
                l.add(k.id + "=" + v);
            }
        }
        return l;
    }

    Builder toBuilder() {
        Builder b = new Builder();
        b.gmrOrdering = gmrOrdering;
        b.dmGen = dmGen;
        b.dmBiosetRescuer = dmBiosetRescuer;
        b.dmIoStorage = dmIoStorage;
        b.multiTioAlloc = multiTioAlloc;
        b.offload = offload;
        b.offloadTrigger = offloadTrigger;
        b.reservedBioBasedIos = reservedBioBasedIos;
        b.bioPoolSize = bioPoolSize;
        b.mdFlushFix = mdFlushFix;
        b.cpuNsPerMap = cpuNsPerMap;
        b.snapshotLocking = snapshotLocking;
        b.raid1Barrier = raid1Barrier;
        b.mdResyncFix = mdResyncFix;
        b.splitResubmit = splitResubmit;
        b.zoneWritePlugging = zoneWritePlugging;
        b.dmZonedSplit = dmZonedSplit;
        b.mempoolAlloc = mempoolAlloc;
        b.zeroErrorDiscards = zeroErrorDiscards;
        b.targets = targets;
        return b;
    }

    /** Mutable copy used by {@link Knob#set}. */
    static final class Builder {
        BlockLayer.Ordering gmrOrdering;
        DmGen dmGen;
        boolean dmBiosetRescuer;
        DmIoStorage dmIoStorage;
        MultiTioAlloc multiTioAlloc;
        Offload offload;
        OffloadTrigger offloadTrigger;
        int reservedBioBasedIos;
        int bioPoolSize;
        boolean mdFlushFix;
        long cpuNsPerMap;
        SnapshotLocking snapshotLocking;
        Raid1Barrier raid1Barrier;
        boolean mdResyncFix;
        BlockLayer.SplitResubmit splitResubmit;
        boolean zoneWritePlugging;
        boolean dmZonedSplit;
        Mempool.FirstRound mempoolAlloc;
        ZeroErrorDiscards zeroErrorDiscards;
        TargetKnobs targets;

        Knobs build() {
            return new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc, offload, offloadTrigger,
                    reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, raid1Barrier,
                    mdResyncFix, splitResubmit, zoneWritePlugging, dmZonedSplit, mempoolAlloc, zeroErrorDiscards,
                    targets);
        }
    }
}
