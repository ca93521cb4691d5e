package dev.dmreplay.replay.observe;

/**
 * Recovers the typed facts of a version-1 observation (written before the typed columns) from the free text the
 * version-1 writer put in its detail and resource. This is the only place that knows those texts: they are the
 * {@code detail()} strings of the fact enums, plus the {@code "mempool "} prefix the wait queue of a mempool had in
 * its name and the pool names the model gave its pools.
 *
 * <p>What a version-1 file cannot say: a plain {@code mempool_alloc} failure does not tell a masked attempt from a
 * {@code GFP_NOWAIT} one ({@link Observation#alloc()} stays null), and a pool's kind is inferred from its name
 * ({@code "... bvecs"} a bioset's bvec pool, {@code "md->io_pool of ..."} a plain mempool, anything else a bioset).
 */
final class Version1Facts {
    /** How version 1 named the wait queue of a mempool: this prefix and the pool's name. */
    private static final String MEMPOOL_WAIT_PREFIX = "mempool ";
    private static final String TOP = "top";
    private static final String TOP_ERROR = "top error ";
    private static final String LEAF = "leaf";

    private Version1Facts() {
    }

    static Observation type(Observation o) {
        return switch (o.kind()) {
            case SUBMIT -> o.with(Facts.role(BioRole.TOP_LEVEL));
            case COMPLETE -> complete(o);
            case DISPATCH -> o.with(Facts.role(BioRole.LEAF));
            case REMAP -> o.with(Facts.role(BioRole.CLONE));
            case SPLIT -> o.with(Facts.split(split(o.detail())));
            case ALLOC -> o.with(Facts.pool(pool(o.resource())));
            case ALLOC_FAIL -> o.with(Facts.allocFail(pool(o.resource()),
                    AllocMode.NOWAIT_PROBE.detail().equals(o.detail()) ? AllocMode.NOWAIT_PROBE : null));
            case FREE -> o.with(Facts.free(pool(o.resource()),
                    FreeTo.SLAB.detail().equals(o.detail()) ? FreeTo.SLAB : FreeTo.RESERVE));
            case WAIT_BEGIN, WAIT_END, TIMEOUT -> o.resource() != null && o.resource().startsWith(MEMPOOL_WAIT_PREFIX)
                    ? o.with(Facts.pool(pool(o.resource().substring(MEMPOOL_WAIT_PREFIX.length())))) : o;
            case PUNT -> o.with(Facts.rescue(RescueMechanism.BIOSET_RESCUER));
            case OFFLOAD -> o.with(Facts.rescue(mechanism(o.detail(), true)));
            case RESCUE -> o.with(Facts.rescue(mechanism(o.detail(), false)));
            default -> o;
        };
    }

    private static Observation complete(Observation o) {
        String d = o.detail();
        if (TOP.equals(d)) {
            return o.with(Facts.topLevel(0));
        }
        if (d != null && d.startsWith(TOP_ERROR)) {
            int status;
            try {
                status = Integer.parseInt(d.substring(TOP_ERROR.length()).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("COMPLETE detail '" + d + "' has no status number");
            }
            return o.with(Facts.topLevel(status));
        }
        return LEAF.equals(d) ? o.with(Facts.role(BioRole.LEAF)) : o;
    }

    private static SplitKind split(String detail) {
        for (SplitKind k : SplitKind.values()) {
            if (k.detail().equals(detail)) {
                return k;
            }
        }
        return null;
    }

    private static RescueMechanism mechanism(String detail, boolean move) {
        for (RescueMechanism m : RescueMechanism.values()) {
            // bio_alloc_rescue is shared by the bioset rescuer and dm_offload; the first listed wins
            if ((move ? m.moveDetail() : m.rescueDetail()).equals(detail)) {
                return m;
            }
        }
        return null;
    }

    private static PoolRef pool(String name) {
        if (name == null) {
            return null;
        }
        PoolKind kind = name.endsWith(" bvecs") ? PoolKind.BIOSET_BVEC
                : name.startsWith("md->io_pool of ") ? PoolKind.MEMPOOL : PoolKind.BIOSET;
        return new PoolRef(name, kind);
    }
}
