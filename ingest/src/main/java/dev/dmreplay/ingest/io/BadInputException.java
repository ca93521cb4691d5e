package dev.dmreplay.ingest.io;

/**
 * The root of every bad-input error: a trace, a dmsetup dump, a scenario, a run directory or a command-line option
 * that is not what dmreplay expects. It names the input ({@link #source()}: a file, or an option such as
 * {@code --pressure}), where in it ({@link #position()} in {@link #unit()}: a 1-based line, a byte offset, or
 * nowhere in particular) and what was expected. The CLI prints {@link #getMessage()} as one line and exits with
 * code 2; anything else that escapes is an internal error (exit 3).
 *
 * <p>Subclasses say which kind of input: {@link TraceFormatException}, {@link TableFormatException},
 * {@link ScenarioFormatException}, {@link RunDirectoryException}, {@link OptionException}. Code that parses a value
 * out of a string may throw {@link IllegalArgumentException}; the caller that knows where the string came from
 * turns it into one of these. An {@link IllegalArgumentException} that escapes to the CLI is a bug.
 */
public abstract class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether {@link #position()} is a 1-based line number or a byte offset. */
    public enum Unit {
        LINE, BYTE,
        /** A byte offset in the decompressed data of a compressed file (not where a hex editor finds it). */
        DECOMPRESSED_BYTE,
        NONE
    }

    private final String source;
    private final long position;
    private final Unit unit;
    private final String problem;

    /**
     * @param source   the file or option; null when not known where the problem is raised (the message is then the
     *                 problem alone, and a caller that knows the source wraps it)
     * @param position line or byte offset, -1 with {@link Unit#NONE}
     * @param problem  what is wrong and what was expected
     */
    protected BadInputException(String source, long position, Unit unit, String problem, Throwable cause) {
        super(format(source, position, unit, problem), cause);
        this.source = source;
        this.position = position;
        this.unit = unit;
        this.problem = problem;
    }

    private static String format(String source, long position, Unit unit, String problem) {
        if (source == null) {
            return problem;
        }
        return switch (unit) {
            case LINE -> source + ":" + position + ": " + problem;
            case BYTE -> source + ": byte offset " + position + ": " + problem;
            case DECOMPRESSED_BYTE -> source + ": byte offset " + position + " of the decompressed data: " + problem;
            case NONE -> source + ": " + problem;
        };
    }

    /** The file or option at fault; null when the thrower did not know it. */
    public String source() {
        return source;
    }

    public long position() {
        return position;
    }

    public Unit unit() {
        return unit;
    }

    /** What is wrong, without source and position. */
    public String problem() {
        return problem;
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
