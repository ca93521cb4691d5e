package dev.dmreplay.replay.block;

/** The gfp bits that matter to mempools: direct reclaim (RECLAIM, {@code __GFP_DIRECT_RECLAIM}) and IO. */
public final class Gfp {
    public static final int RECLAIM = 1;
    public static final int IO = 2;
    /** {@code GFP_NOIO}: may sleep and reclaim, no IO. */
    public static final int NOIO = RECLAIM;
    /** {@code GFP_NOWAIT}: never sleeps. */
    public static final int NOWAIT = 0;
    public static final int KERNEL = RECLAIM | IO;

    private Gfp() {
    }
}
