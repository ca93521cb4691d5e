package dev.dmreplay.replay.block;

import dev.dmreplay.replay.sim.Kernel;

/**
 * Block-layer wide settings and counters shared by all devices of one modelled machine: the
 * {@code generic_make_request} ordering variant, the {@code q->bio_split} reserve and the bio id source.
 */
public final class BlockLayer {
    /**
     * {@code generic_make_request} / {@code __submit_bio_noacct} ordering (docs/kernel-model.md §2): the released
     * one-list and two-list loops, and the two unmerged May 2025 proposals (§2.5).
     */
    public enum Ordering {
        /** ≤ v4.10: one FIFO list. */
        V1_FIFO,
        /** v4.11+ (79bd99596b73): after a call, lower ++ same ++ older. */
        V2_LOWER_FIRST,
        /** Unmerged proposal (Bart Van Assche, May 2025, v1): after a call, older ++ lower ++ same. */
        BVA1_OLDER_FIRST,
        /**
         * Unmerged proposal (May 2025, v2): lower ++ same, then the older bios inserted sorted by sector per
         * device; every nested submission also inserted sorted ({@code bio_list_insert_sorted}).
         */
        BVA2_SORTED
    }

    /**
     * Where a split remainder resubmitted by {@code bio_submit_split_bioset()} goes on {@code current->bio_list[0]}:
     * the tail like any other bio (≤ v6.17), or the head (v6.18, b2f5974079d8).
     */
    public enum SplitResubmit { TAIL, HEAD }

    public final Kernel kernel;
    public final Ordering ordering;
    /** {@code BIO_POOL_SIZE}: the reserve of every {@code q->bio_split} (knob {@code bioPoolSize}). */
    public final int bioPoolSize;
    /** Where split remainders go on {@code current->bio_list[0]} (knob {@code splitResubmit}). */
    public final SplitResubmit splitResubmit;
    /**
     * Whether every bioset the block layer creates ({@code q->bio_split}) has a rescuer: from v3.7 (Kent
     * Overstreet's rescuers) until v4.13, {@code bioset_create()} always made one; 47e0fb461fca (v4.13) made it
     * opt-in and {@code q->bio_split} did not opt in. Follows the knob {@code dmBiosetRescuer}, which stands for
     * that era.
     */
    public final boolean biosetsRescued;
    /** {@code current->plug} of the tasks that hold one. */
    private final java.util.Map<dev.dmreplay.replay.sim.Task, Plug> plugs = new java.util.HashMap<>();
    private boolean plugging;
    /** Zone write plugging on zoned leaves (knob {@code zoneWritePlugging}, v6.10+). */
    private boolean zoneWritePlugging;
    /** The order bios reached the leaves in (docs/kernel-model.md §2.6). */
    public final IssueOrder order = new IssueOrder();

    public BlockLayer(Kernel kernel, Ordering ordering) {
        this(kernel, ordering, Bioset.BIO_POOL_SIZE);
    }

    public BlockLayer(Kernel kernel, Ordering ordering, int bioPoolSize) {
        this(kernel, ordering, bioPoolSize, SplitResubmit.TAIL);
    }

    public BlockLayer(Kernel kernel, Ordering ordering, int bioPoolSize, SplitResubmit splitResubmit) {
        this(kernel, ordering, bioPoolSize, splitResubmit, false);
    }

    public BlockLayer(Kernel kernel, Ordering ordering, int bioPoolSize, SplitResubmit splitResubmit,
                      boolean biosetsRescued) {
        this.kernel = kernel;
        this.ordering = ordering;
        this.bioPoolSize = bioPoolSize;
        this.splitResubmit = splitResubmit;
        this.biosetsRescued = biosetsRescued;
    }

    public boolean twoLists() {
        return ordering != Ordering.V1_FIFO;
    }

    /**
     * Whether submitters plug ({@code blk_start_plug} around a write system call, as {@code blkdev_write_iter}
     * does in v6.1). Off by default: the deadlock scenarios keep their one-bio-at-a-time dispatch; trace
     * replays turn it on.
     */
    public void plugging(boolean on) {
        this.plugging = on;
    }

    public boolean plugging() {
        return plugging;
    }

    /** The request whose bios a leaf is ending now ({@code blk_update_request}), numbered from 1; 0 outside. */
    private long requestEnding;
    private long requestEnds;

    /** A leaf begins ending the bios of one request, one after the other in its completion context. */
    void beginRequestEnd() {
        requestEnding = ++requestEnds;
    }

    void endRequestEnd() {
        requestEnding = 0;
    }

    /**
     * The request whose bios a leaf is ending at this moment, 0 outside {@code blk_update_request}: a mapped device
     * ends the original bios of one request one after the other ({@link dev.dmreplay.replay.dm.LayerCpu}).
     */
    public long requestEnding() {
        return requestEnding;
    }

    /**
     * Whether zoned disks plug writes per zone ({@code blk_zone_plug_bio}, block/blk-zoned.c v6.10+): one write
     * per zone in flight, the others held in arrival order ({@link ZoneWritePlugs}).
     */
    public void zoneWritePlugging(boolean on) {
        this.zoneWritePlugging = on;
    }

    public boolean zoneWritePlugging() {
        return zoneWritePlugging;
    }

    /** {@code blk_start_plug()}. */
    public void startPlug(dev.dmreplay.replay.sim.Task t) {
        plugs.putIfAbsent(t, new Plug());
    }

    /** {@code blk_finish_plug()}: issues what the plug holds. */
    public void finishPlug(dev.dmreplay.replay.sim.Task t) {
        Plug p = plugs.remove(t);
        if (p != null) {
            p.finish(t);
        }
    }

    /** {@code current->plug}, or null. */
    Plug plugOf(dev.dmreplay.replay.sim.Task t) {
        return t == null ? null : plugs.get(t);
    }

    public Bio newBio() {
        return new Bio(kernel.nextBioId());
    }
}
