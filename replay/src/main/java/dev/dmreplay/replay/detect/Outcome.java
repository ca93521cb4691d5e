package dev.dmreplay.replay.detect;

/** The outcome vocabulary of kernel-model §8.1. */
public enum Outcome {
    /** Everything completed and no wait or submission exceeded the stall threshold. */
    FINE,
    /** Everything completed, but some wait or submission took longer than the stall threshold. */
    STALL,
    /** A wait-for cycle that no timer or device completion can break, independent of memory. */
    DEADLOCK,
    /** Blocked for good while slab allocations keep failing; would resolve if memory pressure lifted. */
    MEMORY_DEADLOCK
}
