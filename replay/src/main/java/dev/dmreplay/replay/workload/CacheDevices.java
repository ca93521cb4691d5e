package dev.dmreplay.replay.workload;

/**
 * The devices of a traced dm-cache, by kernel device number, as its table names them ({@code cache <metadata>
 * <cache> <origin> <block size> ...}, dm-cache-target.c v6.1), for the learners that read the cache's behaviour
 * from a trace ({@link CacheWakerPhase}, {@link CachePromotions}).
 *
 * @param top          the cache's mapped device
 * @param fast         its cache ("fast") device
 * @param origin       its origin device, -1 when the trace's numbering does not say which it is
 * @param blockSectors the cache block size in sectors
 */
public record CacheDevices(int top, int fast, int origin, long blockSectors) {
    public CacheDevices {
        if (blockSectors <= 0) {
            throw new IllegalArgumentException("cache block size " + blockSectors + " sectors");
        }
    }

    /** Whether the origin's number is known (a cache's copy reads can be told only on a known origin). */
    public boolean originKnown() {
        return origin >= 0;
    }
}
