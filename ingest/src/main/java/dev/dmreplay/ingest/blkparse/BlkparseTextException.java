package dev.dmreplay.ingest.blkparse;

/** A line of blkparse text that is not what blkparse prints; the source adds file and line number. */
final class BlkparseTextException extends Exception {
    private static final long serialVersionUID = 1L;

    BlkparseTextException(String message) {
        super(message, null, false, false);
    }
}
