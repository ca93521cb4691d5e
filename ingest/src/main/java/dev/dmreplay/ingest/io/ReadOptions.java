package dev.dmreplay.ingest.io;

/**
 * How a reader treats its input.
 *
 * @param lenient skip bad records (counting them in {@link EventSource#skipped()}) instead of failing on the
 *                first one
 * @param format  the input format named by the user ({@code --input-format}, e.g. {@code disksim}) instead of
 *                recognising it from the content, or null; the opener checks the name
 */
public record ReadOptions(boolean lenient, String format) {
    public static final ReadOptions STRICT = new ReadOptions(false);
    public static final ReadOptions LENIENT = new ReadOptions(true);

    public ReadOptions(boolean lenient) {
        this(lenient, null);
    }

    /** These options with the input format {@code name} (null: recognise it). */
    public ReadOptions withFormat(String name) {
        return new ReadOptions(lenient, name);
    }
}
