package dev.dmreplay.replay.observe;

import java.util.Set;

/**
 * The typed facts of one observation, null (or 0) where they do not apply; the factories say which kinds carry
 * which facts.
 *
 * @param role   SUBMIT, COMPLETE, DISPATCH, REMAP: what the bio is
 * @param split  SPLIT: how the new bio was made and which bio is in {@code bio} / {@code value}
 * @param alloc  ALLOC_FAIL: which non-sleeping attempt failed (null in version-1 files for a plain
 *               {@code mempool_alloc} failure, which did not say whether it was masked or GFP_NOWAIT)
 * @param pool   ALLOC, ALLOC_FAIL, FREE, and WAIT_BEGIN/WAIT_END/TIMEOUT on a mempool's wait queue: the pool
 * @param freeTo FREE: where the element went
 * @param rescue PUNT, OFFLOAD, RESCUE: the mechanism
 * @param status COMPLETE of a top-level bio: its {@code bi_status} (0 = success)
 * @param rwbs   SUBMIT, REMAP, DISPATCH and a leaf bio's COMPLETE: the bio's operation and flags as blktrace's rwbs
 *               letters
 *               ({@code Bio.rwbs()}, e.g. {@code "WS"}, {@code "FWS"}), for comparing with a kernel trace. For
 *               a column of the Parquet file from format version 3 (null when read from older files)
 * @param flags  SUBMIT, REMAP, DISPATCH: the bio's request flags, NOMERGE included (column {@code flags}, version
 *               3; empty when read from older files or for other kinds)
 * @param order  ORDER: out of order, or an unaligned write on a zoned leaf (column {@code order}, version 3; null
 *               in older files, which have no ORDER observations)
 */
public record Facts(BioRole role, SplitKind split, AllocMode alloc, PoolRef pool, FreeTo freeTo,
                    RescueMechanism rescue, int status, String rwbs, Set<BioFlag> flags, OrderFact order) {

    /** {@code flags} must not change afterwards ({@link BioFlag#of} gives unmodifiable sets). */
    public Facts {
        flags = flags == null ? Set.of() : flags;
    }

    /** Facts without an rwbs or flags. */
    public Facts(BioRole role, SplitKind split, AllocMode alloc, PoolRef pool, FreeTo freeTo,
                 RescueMechanism rescue, int status) {
        this(role, split, alloc, pool, freeTo, rescue, status, null, Set.of(), null);
    }

    /** Facts without an order fact. */
    public Facts(BioRole role, SplitKind split, AllocMode alloc, PoolRef pool, FreeTo freeTo,
                 RescueMechanism rescue, int status, String rwbs, Set<BioFlag> flags) {
        this(role, split, alloc, pool, freeTo, rescue, status, rwbs, flags, null);
    }

    /** Facts with an rwbs, without flags or an order fact. */
    public Facts(BioRole role, SplitKind split, AllocMode alloc, PoolRef pool, FreeTo freeTo,
                 RescueMechanism rescue, int status, String rwbs) {
        this(role, split, alloc, pool, freeTo, rescue, status, rwbs, Set.of(), null);
    }

    /** An ORDER observation's fact. */
    public static Facts order(OrderFact f) {
        return new Facts(null, null, null, null, null, null, 0, null, Set.of(), f);
    }

    /** A bio's role with its rwbs (SUBMIT, REMAP, DISPATCH). */
    public static Facts bio(BioRole r, String rwbs) {
        return new Facts(r, null, null, null, null, null, 0, rwbs, Set.of());
    }

    /** A bio's role with its rwbs and request flags (SUBMIT, REMAP, DISPATCH). */
    public static Facts bio(BioRole r, String rwbs, Set<BioFlag> flags) {
        return new Facts(r, null, null, null, null, null, 0, rwbs, flags);
    }

    /** No typed facts (stalls, locks, deadlocks, waits on something that is not a mempool). */
    public static final Facts NONE = new Facts(null, null, null, null, null, null, 0);

    public static Facts role(BioRole r) {
        return new Facts(r, null, null, null, null, null, 0);
    }

    /** A top-level bio's completion with its {@code bi_status}. */
    public static Facts topLevel(int status) {
        return new Facts(BioRole.TOP_LEVEL, null, null, null, null, null, status);
    }

    public static Facts split(SplitKind k) {
        return new Facts(null, k, null, null, null, null, 0);
    }

    /** ALLOC, or a wait on the pool's wait queue (null pool: no facts). */
    public static Facts pool(PoolRef p) {
        return p == null ? NONE : new Facts(null, null, null, p, null, null, 0);
    }

    public static Facts allocFail(PoolRef p, AllocMode mode) {
        return new Facts(null, null, mode, p, null, null, 0);
    }

    public static Facts free(PoolRef p, FreeTo to) {
        return new Facts(null, null, null, p, to, null, 0);
    }

    public static Facts rescue(RescueMechanism m) {
        return new Facts(null, null, null, null, null, m, 0);
    }
}
