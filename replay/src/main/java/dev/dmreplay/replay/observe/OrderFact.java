package dev.dmreplay.replay.observe;

/**
 * What an ORDER observation says about a bio reaching a leaf (docs/kernel-model.md §2.6). The {@link #detail}
 * text is written as the observation's detail too.
 */
public enum OrderFact {
    /**
     * Issued below the same task's previous write to that device (zone), or below an earlier piece of the same
     * original bio there; value = the original (top-level) bio's id.
     */
    OUT_OF_ORDER("out of order"),
    /** A zoned leaf failed a write that was not at its zone's write pointer; value = the original bio's id. */
    UNALIGNED_WRITE("unaligned write"),
    /**
     * Zone write plugging (v6.10+) held a write in its zone's plug because another write to the zone was in
     * flight; it is checked and issued when its turn comes. value = the original bio's id.
     */
    ZONE_PLUGGED("held in zone write plug");

    private final String detail;

    OrderFact(String detail) {
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
