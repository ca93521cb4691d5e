package dev.dmreplay.ingest.io;

/**
 * Bad input: names the source, where (line number or byte offset) and what was expected. The CLI prints
 * {@link #getMessage()} as one line and exits with code 2.
 */
public class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Whether {@link #position()} is a 1-based line number, a byte offset in the file, or a byte offset in the
     * decompressed data of a compressed file (not where a user finds it with a hex editor).
     */
    public enum Unit { LINE, BYTE, DECOMPRESSED_BYTE, NONE }

    private final String source;
    private final long position;
    private final Unit unit;

    public TraceFormatException(String source, long position, Unit unit, String problem) {
        super(format(source, position, unit, problem));
        this.source = source;
        this.position = position;
        this.unit = unit;
    }

    public TraceFormatException(String source, long position, Unit unit, String problem, Throwable cause) {
        this(source, position, unit, problem);
        initCause(cause);
    }

    public static TraceFormatException atLine(String source, long line, String problem) {
        return new TraceFormatException(source, line, Unit.LINE, problem);
    }

    public static TraceFormatException atByte(String source, long offset, String problem) {
        return new TraceFormatException(source, offset, Unit.BYTE, problem);
    }

    public static TraceFormatException of(String source, String problem) {
        return new TraceFormatException(source, -1, Unit.NONE, problem);
    }

    private static String format(String source, long position, Unit unit, String problem) {
        return switch (unit) {
            case LINE -> source + ":" + position + ": " + problem;
            case BYTE -> source + ": byte offset " + position + ": " + problem;
            case DECOMPRESSED_BYTE -> source + ": byte offset " + position + " of the decompressed data: " + problem;
            case NONE -> source + ": " + problem;
        };
    }

    public String source() {
        return source;
    }

    public long position() {
        return position;
    }

    public Unit unit() {
        return unit;
    }

    /** Shortens offending text for messages: at most 60 characters, control characters escaped. */
    public static String shorten(CharSequence text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < 60; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return text.length() > 60 ? sb + "..." : sb.toString();
    }
}
