package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.kcopyd.Region;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The persistent exception store (drivers/md/dm-snap-persistent.c, v4.15–v6.1): chunk 0 of the COW device is the
 * header, then metadata areas of one chunk each ({@code chunk_size * 512 / 16} exceptions), each followed by as
 * many data chunks as it describes ({@code area_location} = {@code 1 + (exceptions_per_area + 1) * area};
 * {@code prepare_exception} skips metadata chunks). A new store starts with {@code next_free} = 2 (header and
 * first area, both written by the constructor, i.e. before any traced I/O).
 *
 * <p>{@code commit_exception} adds the exception to the in-memory area and queues the callback; only when no
 * other exception is in flight ({@code pending_count} drops to 0) or the area is full does it write: the next
 * area zeroed first if this one is full ({@code zero_disk_area}), then the area itself with
 * {@code REQ_PREFLUSH | REQ_FUA} ({@code area_io}), both synchronous {@code dm_io()} from the calling kcopyd
 * worker; then every queued callback runs. So a burst of copies commits once, a lone copy commits by itself.
 *
 * <p>Departures: the header rewrite of {@code drop_snapshot} is issued asynchronously (the kernel's
 * {@code write_header} goes through the "ksnaphd" workqueue and waits); reading existing metadata is not modelled
 * (a store starts empty, or preloaded by {@link #preload} for merge tests).
 */
final class PersistentStore implements ExceptionStore {
    /** {@code sizeof(struct disk_exception)}. */
    static final int DISK_EXCEPTION_BYTES = 16;

    private final long chunk;
    private final BlockDevice cow;
    private final long cowSectors;
    private final boolean overflowSupported;
    private final DmIoClient io;
    final int exceptionsPerArea;
    private long nextFree = 2;
    private long currentArea;
    private int currentCommitted;
    private int pendingCount;
    private boolean valid = true;
    private final List<Function<Boolean, Frame>> callbacks = new ArrayList<>();
    /** Committed exceptions in commit order (old chunk, new chunk), for {@code prepare_merge}. */
    final List<long[]> committed = new ArrayList<>();
    private long commits;
    /** The kcopyd worker's time from a copy finishing to the commit's area write, learnt from a trace (0: none). */
    private long commitLagNs;
    /** Each traced commit's own lag by the COW sector of the write it followed (see {@link #commitLag}). */
    private java.util.function.LongUnaryOperator ownLag = sector -> -1;

    PersistentStore(long chunkSectors, BlockDevice cow, boolean overflowSupported, DmIoClient io) {
        this.chunk = chunkSectors;
        this.cow = cow;
        this.cowSectors = cow.capacity;
        this.overflowSupported = overflowSupported;
        this.io = io;
        this.exceptionsPerArea = (int) (chunkSectors * 512 / DISK_EXCEPTION_BYTES);
    }

    @Override
    public long chunkSectors() {
        return chunk;
    }

    @Override
    public String persistence() {
        return overflowSupported ? "PO" : "P";
    }

    @Override
    public boolean userspaceSupportsOverflow() {
        return overflowSupported;
    }

    long areaLocation(long area) {
        return 1 + (exceptionsPerArea + 1L) * area;
    }

    /** {@code persistent_prepare_exception()} with {@code skip_metadata()}. */
    @Override
    public boolean prepareException(PendingException pe) {
        if (cowSectors < (nextFree + 1) * chunk) {
            return false;
        }
        pe.newChunk = nextFree;
        nextFree++;
        if (nextFree % (exceptionsPerArea + 1L) == 1) {
            nextFree++;
        }
        pendingCount++;
        return true;
    }

    /** {@code persistent_commit_exception()}. */
    @Override
    public Frame commitException(Task worker, PendingException pe, boolean ok, Function<Boolean, Frame> callback) {
        if (!ok) {
            valid = false;
        }
        committed.add(new long[] {pe.oldChunk, pe.newChunk});
        currentCommitted++;
        callbacks.add(callback);
        pendingCount--;
        if (pendingCount != 0 && currentCommitted != exceptionsPerArea) {
            return null;
        }
        List<Function<Boolean, Frame>> run = new ArrayList<>(callbacks);
        callbacks.clear();
        long own = ownLag.applyAsLong(pe.newChunk * chunk);
        return new Commit(run, own >= 0 ? own : commitLagNs);
    }

    /** The writing half of {@code persistent_commit_exception()}, then the queued callbacks in order. */
    private final class Commit extends Frame {
        private final List<Function<Boolean, Frame>> run;
        private int next;
        private DmIoClient.DmIoFrame write;

        /** {@code copy_callback()} reached on the kcopyd worker after its wake-up ({@link #commitLag}). */
        private static final int WORKER_LAG = -1;
        /** {@code persistent_commit_exception()}, v4.15–v6.1: a full area zeroes the next ({@code zero_disk_area}). */
        private static final int ZERO_NEXT_AREA = 0;
        /** {@code persistent_commit_exception()}, v4.15–v6.1: {@code area_io(ps, WRITE, PREFLUSH | FUA)} if valid. */
        private static final int WRITE_AREA = 1;
        /** {@code persistent_commit_exception()}, v4.15–v6.1: the area is written; a full one moves on. */
        private static final int AREA_WRITTEN = 2;
        /** {@code persistent_commit_exception()}, v4.15–v6.1: {@code cb->callback(cb->context, ps->valid)} each. */
        private static final int RUN_CALLBACKS = 3;

        private final long lagNs;

        Commit(List<Function<Boolean, Frame>> run, long lagNs) {
            this.run = run;
            this.lagNs = lagNs;
            pc = lagNs > 0 ? WORKER_LAG : ZERO_NEXT_AREA;
        }

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case WORKER_LAG -> {
                        pc = ZERO_NEXT_AREA;
                        return t.consumeCpu(lagNs);
                    }
                    case ZERO_NEXT_AREA -> {
                        pc = WRITE_AREA;
                        write = null;
                        if (currentCommitted == exceptionsPerArea) {
                            write = io.sync(Op.WRITE, 0, List.of(new Region(cow,
                                    areaLocation(currentArea + 1) * chunk, chunk)), IoClass.METADATA_ZERO);
                            return t.call(write);
                        }
                    }
                    case WRITE_AREA -> {
                        if (write != null && write.errorBits() != 0) {
                            valid = false;
                        }
                        pc = AREA_WRITTEN;
                        write = null;
                        if (valid) { // area_io(ps, REQ_OP_WRITE, REQ_PREFLUSH | REQ_FUA)
                            commits++;
                            write = io.sync(Op.WRITE, Bio.PREFLUSH | Bio.FUA,
                                    List.of(new Region(cow, areaLocation(currentArea) * chunk, chunk)),
                                    IoClass.METADATA_WRITE);
                            return t.call(write);
                        }
                    }
                    case AREA_WRITTEN -> {
                        if (write != null && write.errorBits() != 0) {
                            valid = false;
                        }
                        if (currentCommitted == exceptionsPerArea) {
                            currentCommitted = 0;
                            currentArea++;
                        }
                        pc = RUN_CALLBACKS;
                    }
                    case RUN_CALLBACKS -> {
                        if (next >= run.size()) {
                            return RETURN;
                        }
                        Frame f = run.get(next++).apply(valid);
                        if (f != null) {
                            return t.call(f);
                        }
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "persistent_commit_exception";
        }
    }

    /**
     * The traced kernel's lag from a copy's last write completing on the COW device to the metadata commit it
     * triggered ({@code workload.SnapshotCommitLag}): the kcopyd client's {@code wake()} → {@code queue_work}, the
     * worker waking and running {@code do_work} → {@code run_complete_job} → {@code copy_callback} →
     * {@code persistent_commit_exception} (dm-kcopyd.c, dm-snap.c, v6.1). The model's workqueue runs an item the
     * moment it is queued, so without this a commit starts as soon as the copy is written. Spent by the worker
     * before an area write, once per commit (a batch of callbacks pays it once, as the kernel's worker takes a
     * batch of completed jobs in one {@code do_work}). A commit that follows the write to the chunk a traced commit
     * followed takes that commit's own lag ({@code own}: COW sector → lag in ns, -1 for none): the lags spread from
     * 31 us to 290 us (p10 to p90) on real-snapshot2, and a median for all made each commit of a chain of synchronous
     * writes to a snapshot late or early by that much.
     */
    void commitLag(long ns, java.util.function.LongUnaryOperator own) {
        if (ns < 0) {
            throw new IllegalArgumentException("negative commit lag " + ns);
        }
        commitLagNs = ns;
        ownLag = own;
    }

    /** {@code persistent_drop_snapshot()}: mark invalid and rewrite the header (asynchronously here). */
    @Override
    public void dropSnapshot() {
        valid = false;
    }

    /**
     * A store loaded from an existing COW device with {@code n} exceptions: origin chunks {@code first..first+n-1}
     * copied to consecutive COW chunks (what {@code read_exceptions} would rebuild). Returns the pairs.
     */
    List<long[]> preload(long first, int n) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PendingException fake = new PendingException(null, first + i);
            prepareException(fake);
            pendingCount--;
            committed.add(new long[] {first + i, fake.newChunk});
            currentCommitted++;
            if (currentCommitted == exceptionsPerArea) {
                currentCommitted = 0;
                currentArea++;
            }
            out.add(new long[] {first + i, fake.newChunk});
        }
        return out;
    }

    /**
     * {@code persistent_prepare_merge()}: the most recently committed exceptions that are consecutive in both old
     * and new chunk, ending with the last one; returns {last old, last new, count} or null when none is left.
     */
    long[] prepareMerge() {
        if (committed.isEmpty()) {
            return null;
        }
        long[] last = committed.get(committed.size() - 1);
        int n = 1;
        for (int i = committed.size() - 2; i >= 0; i--) {
            long[] e = committed.get(i);
            if (e[0] == last[0] - n && e[1] == last[1] - n) {
                n++;
            } else {
                break;
            }
        }
        return new long[] {last[0], last[1], n};
    }

    /** {@code persistent_commit_merge(store, nr_merged)}: drop them from the area and write it. */
    int commitMerge(int n) {
        for (int i = 0; i < n; i++) {
            committed.remove(committed.size() - 1);
            if (currentCommitted == 0 && currentArea > 0) {
                currentArea--;
                currentCommitted = exceptionsPerArea;
            }
            currentCommitted--;
        }
        return n;
    }

    Region currentAreaRegion() {
        return new Region(cow, areaLocation(currentArea) * chunk, chunk);
    }

    @Override
    public long allocatedSectors() {
        return nextFree * chunk;
    }

    @Override
    public long metadataSectors() {
        return (currentArea + 2) * chunk;
    }

    /** Metadata commits (area writes) so far. */
    long commits() {
        return commits;
    }
}
