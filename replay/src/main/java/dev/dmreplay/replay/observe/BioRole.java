package dev.dmreplay.replay.observe;

/** What the {@code bio} of a SUBMIT, COMPLETE, DISPATCH or REMAP observation is. */
public enum BioRole {
    /** A bio the workload submitted ({@code submit_bio}); its COMPLETE is its {@code bi_end_io} at the top. */
    TOP_LEVEL,
    /** A bio as a leaf device sees it: DISPATCH when it starts service, COMPLETE when the device completes it. */
    LEAF,
    /** A DM clone a target remapped to a lower device ({@code DM_MAPIO_REMAPPED}). */
    CLONE
}
