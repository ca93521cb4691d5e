package dev.dmreplay.ingest.io;

/**
 * How a reader treats its input.
 *
 * @param lenient skip bad records (counting them in {@link EventSource#skipped()}) instead of failing on the
 *                first one
 */
public record ReadOptions(boolean lenient) {
    public static final ReadOptions STRICT = new ReadOptions(false);
    public static final ReadOptions LENIENT = new ReadOptions(true);
}
