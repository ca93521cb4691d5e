package dev.dmreplay.replay.kcopyd;

import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.PoolElement;
import java.util.List;

/**
 * {@code struct kcopyd_job} (drivers/md/dm-kcopyd.c): a copy, a zeroing or a bare callback. A master job holds one
 * element of the client's {@code job_pool}; in the kernel that element is an array of the master and
 * {@code SPLIT_COUNT} sub-jobs, so sub-jobs ({@link #master} != this) allocate nothing.
 */
public final class KcopydJob extends PoolElement {
    /** What the job does. */
    public enum Kind { COPY, ZERO, CALLBACK }

    final KcopydClient kc;
    final long id;
    final Kind kind;
    /** {@code job->op}: READ first for a copy, then WRITE; WRITE_ZEROES or WRITE for zeroing. */
    Op op;
    final Region source;
    final List<Region> dests;
    final KcopydNotify fn;
    final KcopydJob master;
    boolean readErr;
    long writeErr;
    /** Pages held for the data (0 for zeroing: the shared zero page). */
    int pages;
    /** Master only: sub-jobs still running, and the sectors handed out so far ({@code job->progress}). */
    int subJobs;
    long progress;
    /** Sub-jobs: the master's callback to run ({@code segment_complete}). */
    final boolean isSubJob;

    KcopydJob(KcopydClient kc, long id, Kind kind, Op op, Region source, List<Region> dests, KcopydNotify fn,
              KcopydJob master) {
        this.kc = kc;
        this.id = id;
        this.kind = kind;
        this.op = op;
        this.source = source;
        this.dests = dests;
        this.fn = fn;
        this.master = master == null ? this : master;
        this.isSubJob = master != null;
    }

    public Kind kind() {
        return kind;
    }

    public Region source() {
        return source;
    }

    public List<Region> dests() {
        return dests;
    }

    @Override
    public String label() {
        String what = switch (kind) {
            case COPY -> "copy " + source + " -> " + dests;
            case ZERO -> "zero " + dests;
            case CALLBACK -> "callback";
        };
        return "kcopyd job #" + id + (isSubJob ? " (sub-job of #" + master.id + ")" : "") + " of " + kc.name + " ("
                + what + ")";
    }

    @Override
    public String toString() {
        return label();
    }
}
