package dev.dmreplay.replay.observe;

/** Kinds of things the model reports. */
public enum ObservationKind {
    /**
     * A top-level bio entered the stack ({@code submit_bio}); value = its intended submit time (ns of virtual
     * time: the recorded time in timed and scaled replay, so that a submission delayed by a blocked submitter can
     * be measured from when the trace says it was issued).
     */
    SUBMIT,
    /**
     * A target remapped a clone to a lower device ({@code DM_MAPIO_REMAPPED}, or a target's worker submitting a
     * remapped bio, as {@code dm_submit_bio_remap} does); device = the mapped device, resource = the lower
     * device, bio = the clone, value = the bio the dm_io completes, detail = "target rwbs" (e.g. "linear WS").
     */
    REMAP,
    /** A bio was split (DM piece boundary, {@code bio_split}, remainder clone). */
    SPLIT,
    /** A leaf device started servicing a bio; detail = its rwbs. */
    DISPATCH,
    /** A bio completed ({@code bio_endio} reached its end_io); for top-level bios value = latency ns. */
    COMPLETE,
    /** A mempool element was handed out; value = elements left in the reserve. */
    ALLOC,
    /** A mempool allocation without direct reclaim failed (masked or GFP_NOWAIT attempt). */
    ALLOC_FAIL,
    /** A task went to sleep; resource and detail (kernel function) say on what. */
    WAIT_BEGIN,
    /** A sleeping task was woken; value = ns slept. */
    WAIT_END,
    /** An {@code io_schedule_timeout} expired without a wake-up (polling re-check). */
    TIMEOUT,
    /** A lock was acquired. */
    LOCK_ACQUIRE,
    /** {@code punt_bios_to_rescuer}: value = bios moved to the bioset's rescue list. */
    PUNT,
    /** A rescuer / helper / kdmflush resubmitted a rescued bio. */
    RESCUE,
    /** dm_offload's {@code flush_current_bio_list} fired; value = bios offloaded. */
    OFFLOAD,
    /** A wait longer than the stall threshold ended (value = ns). */
    STALL,
    /** Deadlock found: detail = the wait-for chain. */
    DEADLOCK,
    /**
     * A mempool element was released ({@code mempool_free}); resource = the pool (as for ALLOC), bio = the bio the
     * element was allocated for (as for ALLOC), value = elements left in the reserve after the free, detail =
     * {@code "reserve"} when the element refilled the reserve, {@code "slab"} when the reserve was full and it
     * went back to the underlying allocator. Appended last so ordinals of older kinds stay stable.
     */
    FREE,
    /**
     * A bio reached a leaf out of order, or a zoned leaf failed it as an unaligned write (typed fact
     * {@link OrderFact}, format version 3); device = the leaf, value = the original bio's id.
     */
    ORDER
}
