package dev.dmreplay.replay.observe;

/**
 * Which non-sleeping mempool attempt an ALLOC_FAIL observation reports. The {@link #detail} text is the
 * observation's free-text detail (unchanged since format version 1, where it was the only record of the mode).
 */
public enum AllocMode {
    /**
     * {@code bio_alloc_bioset} inside {@code generic_make_request} with bios queued and a rescuer: the first attempt
     * with {@code __GFP_DIRECT_RECLAIM} masked off (a punt to the rescuer follows).
     */
    MASKED("mempool_alloc"),
    /** The caller asked for {@code GFP_NOWAIT} (e.g. {@code alloc_multiple_bios}'s first, all-or-nothing pass). */
    NOWAIT("mempool_alloc"),
    /**
     * The offload trigger's probe (NEIL/HELP with trigger ALLOC_FAIL): would a {@code GFP_NOWAIT} attempt fail
     * now? If so, the task's pending bios are handed over before the allocation that may sleep.
     */
    NOWAIT_PROBE("mempool_alloc(GFP_NOWAIT)");

    private final String detail;

    AllocMode(String detail) {
        this.detail = detail;
    }

    /** The free-text detail written with the observation. */
    public String detail() {
        return detail;
    }
}
