package dev.dmreplay.ingest.blktrace;

/**
 * A damaged stretch of a blktrace file skipped by a lenient read: from a bad record to the next valid one, or to
 * the end of the file.
 *
 * @param bytes how long it is ({@code -1} when unknown: corrupt compressed data cannot be measured)
 * @param toEnd whether it runs to the end of the file (no valid record follows it)
 */
record DamagedStretch(long bytes, boolean toEnd) {
    static DamagedStretch until(long bytes) {
        return new DamagedStretch(bytes, false);
    }

    static DamagedStretch toEnd(long bytes) {
        return new DamagedStretch(bytes, true);
    }

    /** Corrupt compressed data: the rest of the file cannot be decompressed, so its length is unknown. */
    static final DamagedStretch UNREADABLE_REST = new DamagedStretch(-1, true);
}
