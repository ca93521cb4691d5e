package dev.dmreplay.analyze.info;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;

/** Operation classes of I/O, as storage engineers split them: by the record's category bits and size. */
public enum IoOp {
    READ, WRITE, FLUSH, DISCARD, OTHER;

    /** The class of a queued record: discard first, then an empty record is a flush (or other), then by direction. */
    public static IoOp of(BlockEvent e) {
        int a = e.action();
        if ((a & Category.DISCARD) != 0) {
            return DISCARD;
        }
        if (e.bytes() == 0) {
            return (a & Category.FLUSH) != 0 ? FLUSH : OTHER;
        }
        return (a & Category.WRITE) != 0 ? WRITE : READ;
    }
}
