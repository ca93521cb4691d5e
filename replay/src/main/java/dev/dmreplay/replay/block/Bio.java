package dev.dmreplay.replay.block;

/**
 * {@code struct bio} as far as ordering and allocation go (include/linux/blk_types.h, v4.13–v4.16): destination
 * device, sector range, op and flags, {@code bi_pool}, {@code __bi_remaining} with the chain flag,
 * {@code bi_end_io}/{@code bi_private}, status, segment count (for bvec sizing), and the front-pad owner
 * (e.g. the {@code dm_target_io} around a DM clone). {@code next} is {@code bi_next} for bio lists.
 *
 * <p>Besides kernel state, a bio says where it is ({@link #parkedOn} a list, or {@link #at} a device or
 * {@code dm_io}) for wait-for chains.
 */
public final class Bio extends PoolElement {
    public static final int PREFLUSH = 1;
    public static final int FUA = 2;
    public static final int RAHEAD = 4;
    public static final int SYNC = 8;
    /** {@code REQ_META}: filesystem metadata (blkparse's M). */
    public static final int META = 16;
    /** {@code REQ_NOMERGE}: never merged into a request (blkparse shows no letter for it). */
    public static final int NOMERGE = 32;

    /** {@code bio_chain}'s end_io marker. */
    public static final EndIo CHAIN = b -> {
        throw new IllegalStateException("bio_chain_endio is handled by BioOps.endio");
    };

    public final long id;
    public BlockDevice dev;
    public long sector;
    public int sectors;
    public Op op;
    public int flags;
    public Bioset pool;
    public int remaining = 1;
    public boolean chained;
    public EndIo endIo;
    public Object priv;
    public int status;
    public int segments;
    /** Vectors of the bio's own bvec array ({@code bvec_alloc}); 0 for inline vectors and fast clones. */
    public int bvecs;
    public Object owner;
    Bio next;
    BioList parkedOn;
    /** Where the bio is when not on a list: a device servicing it, a dm_io serving it, ... (null: nowhere). */
    public Object at;
    public long submitTime;
    /**
     * The id of the top-level bio this one was cloned or split from (0: this bio is top level); not kernel state,
     * it lets {@link IssueOrder} follow the pieces of one split bio to the disks.
     */
    public long root;
    Bio ifPrev;
    Bio ifNext;

    public Bio(long id) {
        this.id = id;
    }

    /** The id of the top-level bio this one descends from (its own id for a top-level bio). */
    public long rootId() {
        return root != 0 ? root : id;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * The rwbs letters blktrace records for this bio ({@code blk_fill_rwbs()}, kernel/trace/blktrace.c v6.1):
     * F for a preflush, then D (discard), W (write), R (read with data) or N (no data), then F for FUA, A for
     * read-ahead, S for sync and M for metadata.
     */
    public String rwbs() {
        StringBuilder sb = new StringBuilder(6);
        if (has(PREFLUSH)) {
            sb.append('F');
        }
        if (op == Op.DISCARD || op == Op.SECURE_ERASE) {
            sb.append('D');
        } else if (op != null && op.isWrite()) {
            sb.append('W');
        } else if (sectors != 0) {
            sb.append('R');
        } else {
            sb.append('N');
        }
        if (has(FUA)) {
            sb.append('F');
        }
        if (has(RAHEAD)) {
            sb.append('A');
        }
        if (has(SYNC)) {
            sb.append('S');
        }
        if (has(META)) {
            sb.append('M');
        }
        return sb.toString();
    }

    public BioList parkedOn() {
        return parkedOn;
    }

    public long end() {
        return sector + sectors;
    }

    @Override
    public String label() {
        return "bio #" + id + " (" + (has(PREFLUSH) ? "FLUSH" : op) + " to " + (dev == null ? "?" : dev.name) + ")";
    }

    @Override
    public String toString() {
        return "bio#" + id + "[" + (dev == null ? "?" : dev.name) + " " + op + (has(PREFLUSH) ? "+PREFLUSH" : "")
                + " " + sector + "+" + sectors + "]";
    }
}
