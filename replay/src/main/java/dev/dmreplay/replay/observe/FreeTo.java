package dev.dmreplay.replay.observe;

/** Where {@code mempool_free} put an element (FREE observations). */
public enum FreeTo {
    /** The reserve was below {@code min_nr}: the element refilled it (and sleepers were woken). */
    RESERVE("reserve"),
    /** The reserve was full: the element went back to the underlying allocator ({@code pool->free}). */
    SLAB("slab");

    private final String detail;

    FreeTo(String detail) {
        this.detail = detail;
    }

    /** The free-text detail written with the observation. */
    public String detail() {
        return detail;
    }
}
