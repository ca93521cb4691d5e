package dev.dmreplay.replay.target.cache;

/**
 * {@code struct stats} (drivers/md/dm-cache-policy-smq.c v6.1): how often a lookup finds its entry in the top
 * quarter of a queue's levels; smq's confidence in that queue.
 */
final class SmqStats {
    /** {@code enum performance}. */
    enum Performance {
        POOR,
        FAIR,
        WELL
    }

    private static final int FP_SHIFT = 8;
    private final int hitThreshold;
    int hits;
    int misses;

    SmqStats(int levels) {
        hitThreshold = levels * 3 / 4;
    }

    void reset() {
        hits = 0;
        misses = 0;
    }

    /** {@code stats_level_accessed}: a hit in the top quarter of the levels, else a miss. */
    void levelAccessed(int level) {
        if (level >= hitThreshold) {
            hits++;
        } else {
            misses++;
        }
    }

    void miss() {
        misses++;
    }

    /** {@code stats_assess}: below 1/16 of lookups in the top levels POOR, below 1/8 FAIR, else WELL. */
    Performance assess() {
        int total = hits + misses;
        int confidence = total == 0 ? 0 : (int) (((long) hits << FP_SHIFT) / total);
        if (confidence < 1 << (FP_SHIFT - 4)) {
            return Performance.POOR;
        }
        if (confidence < 1 << (FP_SHIFT - 3)) {
            return Performance.FAIR;
        }
        return Performance.WELL;
    }
}
