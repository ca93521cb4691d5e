package dev.dmreplay.replay.observe;

/**
 * One observation of the model, in simulation order. The common fields say when, what kind, which task, device,
 * resource and bio; {@code value} depends on the kind (see {@link ObservationKind}). Every fact a reader may
 * act on has a typed field; {@code detail} is free text for people (the kernel function, the op name, the
 * wait-for chain) and is never parsed by readers of this contract.
 *
 * <p>Typed fields, null (or 0) where they do not apply:
 *
 * @param role    SUBMIT, COMPLETE, DISPATCH, REMAP: what the bio is ({@link BioRole})
 * @param split   SPLIT: how the new bio was made and which bio is in {@code bio} / {@code value}
 * @param alloc   ALLOC_FAIL: which non-sleeping attempt failed (null in version-1 files for a plain
 *                {@code mempool_alloc} failure, which did not say whether it was masked or GFP_NOWAIT)
 * @param pool    ALLOC, ALLOC_FAIL, FREE, and WAIT_BEGIN/WAIT_END/TIMEOUT on a mempool: the pool
 * @param freeTo  FREE: where the element went
 * @param rescue  PUNT, OFFLOAD, RESCUE: the mechanism
 * @param status  COMPLETE of a top-level bio: its {@code bi_status} (0 = success)
 * @param rwbs    SUBMIT, REMAP, DISPATCH: the bio's operation and flags as blktrace's rwbs letters
 *                ({@link dev.dmreplay.replay.block.Bio#rwbs()}, e.g. {@code "WS"}, {@code "FWS"}), for comparing with
 *                a kernel trace. In-process listeners only: not (yet) a column of the Parquet file, so it reads
 *                back as null.
 */
public record Observation(long time, ObservationKind kind, String task, String device, String resource, long bio,
                          long sector, int sectors, long value, String detail, BioRole role, SplitKind split,
                          AllocMode alloc, PoolRef pool, FreeTo freeTo, RescueMechanism rescue, int status,
                          String rwbs) {

    /** An observation with no typed facts beyond its kind (waits, stalls, locks, deadlocks). */
    public static Observation plain(long time, ObservationKind kind, String task, String device, String resource,
                                    long bio, long sector, int sectors, long value, String detail) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, null, null,
                null, null, null, null, 0, null);
    }

    public Observation withRole(BioRole r) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, r, split,
                alloc, pool, freeTo, rescue, status, rwbs);
    }

    public Observation withSplit(SplitKind s) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, role, s,
                alloc, pool, freeTo, rescue, status, rwbs);
    }

    public Observation withAlloc(AllocMode a) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, role, split,
                a, pool, freeTo, rescue, status, rwbs);
    }

    public Observation withPool(PoolRef p) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, role, split,
                alloc, p, freeTo, rescue, status, rwbs);
    }

    public Observation withFreeTo(FreeTo f) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, role, split,
                alloc, pool, f, rescue, status, rwbs);
    }

    public Observation withRescue(RescueMechanism m) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, role, split,
                alloc, pool, freeTo, m, status, rwbs);
    }

    public Observation withStatus(int s) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, role, split,
                alloc, pool, freeTo, rescue, s, rwbs);
    }

    public Observation withRwbs(String r) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, role, split,
                alloc, pool, freeTo, rescue, status, r);
    }
}
