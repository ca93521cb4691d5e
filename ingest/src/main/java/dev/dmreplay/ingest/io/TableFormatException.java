package dev.dmreplay.ingest.io;

/**
 * A device-mapper description that dmreplay cannot use: a {@code dmsetup table}, {@code ls} or {@code info} dump
 * (file and line), a target's arguments, or a table whose targets the replay does not model. Raised without a
 * source where only the table line is known (building the modelled stack); the caller that knows the file wraps
 * it with {@link #in}.
 */
public class TableFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public TableFormatException(String source, long position, Unit unit, String problem) {
        super(source, position, unit, problem, null);
    }

    /** A problem whose file is not known here. */
    public TableFormatException(String problem) {
        super(null, -1, Unit.NONE, problem, null);
    }

    public static TableFormatException atLine(String source, long line, String problem) {
        return new TableFormatException(source, line, Unit.LINE, problem);
    }

    public static TableFormatException of(String source, String problem) {
        return new TableFormatException(source, -1, Unit.NONE, problem);
    }

    /** This problem, in {@code file}: unchanged when it already names a source. */
    public TableFormatException in(String file) {
        return source() != null ? this : of(file, problem());
    }
}
