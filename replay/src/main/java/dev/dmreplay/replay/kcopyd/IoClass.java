package dev.dmreplay.replay.kcopyd;

/**
 * What an I/O issued by a device-mapper helper (kcopyd, dm-io, an exception store) is for, so that the model's
 * copy I/O can be counted per class and device and compared with a kernel trace (where such bios show up as
 * {@code Q} records issued by a worker, without an {@code A} remap before them).
 */
public enum IoClass {
    /** kcopyd reading the source of a copy (for a snapshot: the origin chunk). */
    COPY_READ,
    /** kcopyd writing a destination of a copy (for a snapshot: the COW chunk; for a merge: the origin). */
    COPY_WRITE,
    /** kcopyd zeroing a destination ({@code dm_kcopyd_zero}). */
    ZERO_WRITE,
    /** An exception store committing its metadata (the exception area, {@code REQ_PREFLUSH | REQ_FUA}). */
    METADATA_WRITE,
    /** An exception store zeroing the next metadata area when the current one is full. */
    METADATA_ZERO,
    /** A bio a target held (e.g. a write waiting for a copy) resubmitted by the helper's worker. */
    HELD_RESUBMIT,
    /** A write covering a whole chunk, submitted by the mapping task itself instead of a copy. */
    FULL_CHUNK_WRITE,
    /** An exception store reading its metadata. */
    METADATA_READ,
    /** dm-mirror's kmirrord writing a bio to every leg ({@code do_write} through dm-io). */
    MIRROR_WRITE,
    /** dm-mirror's kmirrord reading a bio of a region not known to be in sync ({@code read_async_bio}). */
    MIRROR_READ,
    /** dm-mirror's disk dirty log writing its header and bitmap ({@code disk_flush}). */
    LOG_WRITE,
    /**
     * dm-mirror's {@code mirror_flush}: an empty REQ_PREFLUSH to every leg before the disk log records regions as
     * clean or in sync ({@code disk_flush} with {@code touched_cleaned}).
     */
    LEG_FLUSH
}
