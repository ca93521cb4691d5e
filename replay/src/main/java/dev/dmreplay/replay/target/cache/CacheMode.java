package dev.dmreplay.replay.target.cache;

import java.util.List;

/**
 * {@code enum cache_io_mode} (drivers/md/dm-cache-target.c v6.1), read from the table's feature words as
 * {@code parse_features} does: the last io-mode word wins, and without one the cache is write-back
 * ({@code init_features}).
 */
public enum CacheMode {
    /** Writes go to the cache only and leave the block dirty; dirty blocks are written back when the origin idles. */
    WRITEBACK,
    /** Writes to a clean cached block go to the origin and the cache in parallel; blocks never become dirty. */
    WRITETHROUGH,
    /** Everything goes to the origin; no migrations; a write to a cached block would invalidate it. */
    PASSTHROUGH;

    static CacheMode of(List<String> features) {
        CacheMode m = WRITEBACK;
        for (String f : features) {
            switch (f) {
                case "writeback" -> m = WRITEBACK;
                case "writethrough" -> m = WRITETHROUGH;
                case "passthrough" -> m = PASSTHROUGH;
                default -> {
                }
            }
        }
        return m;
    }
}
