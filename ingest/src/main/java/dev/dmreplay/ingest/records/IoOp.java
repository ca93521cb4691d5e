package dev.dmreplay.ingest.records;

import dev.dmreplay.ingest.model.Category;

/**
 * The operation of one application I/O in a trace that records whole I/Os rather than block-layer events. Each
 * maps to the category bits blktrace would have recorded for the bio ({@code blk_add_trace_bio()},
 * kernel/trace/blktrace.c): a discard is {@code D} (DISCARD with the WRITE bit, as {@code op_is_write()} says),
 * an empty cache flush {@code FWS} (REQ_PREFLUSH on a write, synchronous).
 */
public enum IoOp {
    READ(Category.READ),
    WRITE(Category.WRITE),
    DISCARD(Category.DISCARD | Category.WRITE),
    FLUSH(Category.FLUSH | Category.WRITE | Category.SYNC);

    private final int categories;

    IoOp(int categories) {
        this.categories = categories;
    }

    /** The category bits ({@code BLK_TC_*}, already shifted) of the queue and completion events. */
    public int categories() {
        return categories;
    }
}
