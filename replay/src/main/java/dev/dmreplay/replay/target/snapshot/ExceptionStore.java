package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Task;
import java.util.function.Function;

/**
 * {@code struct dm_exception_store_type} (drivers/md/dm-exception-store.h, v4.15–v6.1) as the snapshot target uses
 * it at run time: allocate a COW chunk for a new exception, commit a completed one (running the snapshot's
 * {@code pending_complete} callback now or later), drop the snapshot when it is invalidated, and report usage
 * ({@code dmsetup status}).
 */
public interface ExceptionStore {
    /** Chunk size in sectors. */
    long chunkSectors();

    /** {@code P}, {@code PO} (persistent, userspace handles overflow) or {@code N} (transient). */
    String persistence();

    /**
     * {@code prepare_exception()}: assigns {@code pe.newChunk}; false when the COW device has no room
     * ({@code -ENOSPC}: the snapshot overflows or is invalidated).
     */
    boolean prepareException(PendingException pe);

    /**
     * {@code commit_exception(store, e, valid, callback, context)} on the kcopyd worker. The callback (the
     * snapshot's {@code pending_complete}) may run now, later (with another exception's commit) or both in a
     * frame after metadata I/O. Returns null when nothing has to run now on the worker, else the frame to run.
     */
    Frame commitException(Task worker, PendingException pe, boolean valid, Function<Boolean, Frame> callback);

    /** {@code drop_snapshot()}: the snapshot was invalidated. */
    void dropSnapshot();

    /** Sectors allocated on the COW device (data and metadata), for {@code dmsetup status}. */
    long allocatedSectors();

    /** Sectors of metadata (header and areas), for {@code dmsetup status}. */
    long metadataSectors();

    /** True when writes to the snapshot that find the COW full only mark it overflowed ({@code PO}). */
    default boolean userspaceSupportsOverflow() {
        return false;
    }
}
