package dev.dmreplay.ingest.records;

/**
 * A line or record of a whole-I/O trace that does not parse; the source adds file and line when it reports it
 * (or counts and skips it in lenient mode).
 */
public final class RecordException extends Exception {
    public RecordException(String message) {
        super(message, null, false, false);
    }
}
