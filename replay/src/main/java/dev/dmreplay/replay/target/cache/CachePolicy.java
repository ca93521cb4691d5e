package dev.dmreplay.replay.target.cache;

/**
 * The policy interface of dm-cache ({@code struct dm_cache_policy}, drivers/md/dm-cache-policy.h v6.1), as far as
 * the core uses it for the decisions that cause I/O: lookups that may ask for a promotion, background work
 * (promotions, demotions, write-backs), dirty tracking, invalidation and residency.
 */
interface CachePolicy {
    /** The result of a lookup: the cache block on a hit (else -1), and work the caller must start itself. */
    record Lookup(long cblock, PolicyWork work, boolean backgroundQueued) {
        boolean hit() {
            return cblock >= 0;
        }
    }

    /**
     * {@code policy_lookup} ({@code fastCopy} false) or {@code policy_lookup_with_work} ({@code fastCopy} true:
     * a whole-block write in write-back mode, which may get its promotion handed back).
     */
    Lookup lookup(long oblock, boolean write, boolean fastCopy);

    /** {@code policy_get_background_work}; null when there is none. */
    PolicyWork backgroundWork(boolean idle);

    /** Whether work is queued and not yet issued. */
    boolean hasQueuedWork();

    /** {@code policy_complete_background_work}. */
    void complete(PolicyWork w, boolean success);

    /** {@code policy_set_dirty}. */
    void setDirty(long cblock);

    /** {@code policy_clear_dirty}. */
    void clearDirty(long cblock);

    /** {@code policy_invalidate_mapping}: false when the block was not mapped ({@code -ENODATA}). */
    boolean invalidate(long cblock);

    /** {@code policy_load_mapping}: a mapping read from the metadata when the cache is resumed. */
    void loadMapping(long oblock, long cblock, boolean dirty);

    /** {@code policy_tick}, from the end-io of the core's tick bio. */
    void tick();

    /** {@code policy_allow_migrations(false)}. */
    void disallowMigrations();

    /** {@code policy_residency}: mapped cache blocks (smq: allocated ones, promotions in flight included). */
    long residency();

    long cacheBlocks();

    /**
     * The policy named in the table: {@code smq}, {@code mq} and {@code default} are smq, {@code cleaner} is smq
     * set to clean (as the kernel registers them); {@code hitcount} is the model's own simple policy
     * ({@link HitCountPolicy}), which no kernel has.
     */
    static CachePolicy create(String name, long cacheBlocks, long originSectors, long blockSectors,
                              java.util.function.LongSupplier clockNs) {
        return switch (name) {
            case "smq", "mq", "default" -> new SmqPolicy(cacheBlocks, originSectors, blockSectors, false, clockNs);
            case "cleaner" -> new SmqPolicy(cacheBlocks, originSectors, blockSectors, true, clockNs);
            case "hitcount" -> new HitCountPolicy(cacheBlocks);
            default -> throw new IllegalArgumentException("unknown cache policy '" + name
                    + "' (expected smq, mq, default, cleaner or hitcount)");
        };
    }
}
