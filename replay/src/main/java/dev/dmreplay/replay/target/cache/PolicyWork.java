package dev.dmreplay.replay.target.cache;

/**
 * {@code struct policy_work} (drivers/md/dm-cache-policy.h v6.1): one migration the policy asks for.
 *
 * @param op     what to do
 * @param oblock the origin block
 * @param cblock the cache block (for a promotion: the one allocated for it)
 */
record PolicyWork(Op op, long oblock, long cblock) {
    /** {@code enum policy_operation}. */
    enum Op {
        /** Copy an origin block into a free cache block (or let a whole-block write fill it). */
        PROMOTE,
        /** Drop a clean cache block's mapping (no copy), committed before it completes. */
        DEMOTE,
        /** Copy a dirty cache block back to the origin; it stays cached, now clean. */
        WRITEBACK
    }
}
