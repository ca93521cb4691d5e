package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Task;
import java.util.function.Function;

/**
 * The transient exception store (drivers/md/dm-snap-transient.c, unchanged v4.15–v6.1): COW chunks are handed
 * out from sector 0 in order, nothing is written besides the copied data, and {@code commit_exception} calls back
 * at once.
 */
final class TransientStore implements ExceptionStore {
    private final long chunk;
    private final long cowSectors;
    private long nextFree;

    TransientStore(long chunkSectors, long cowSectors) {
        this.chunk = chunkSectors;
        this.cowSectors = cowSectors;
    }

    @Override
    public long chunkSectors() {
        return chunk;
    }

    @Override
    public String persistence() {
        return "N";
    }

    /** {@code transient_prepare_exception()}. */
    @Override
    public boolean prepareException(PendingException pe) {
        if (cowSectors < nextFree + chunk) {
            return false;
        }
        pe.newChunk = nextFree / chunk;
        nextFree += chunk;
        return true;
    }

    /** {@code transient_commit_exception()}: {@code callback(context, valid)} straight away. */
    @Override
    public Frame commitException(Task worker, PendingException pe, boolean valid, Function<Boolean, Frame> callback) {
        return callback.apply(valid);
    }

    @Override
    public void dropSnapshot() {
    }

    @Override
    public long allocatedSectors() {
        return nextFree;
    }

    @Override
    public long metadataSectors() {
        return 0;
    }
}
