package dev.dmreplay.ingest.io;

/**
 * A replay run directory that cannot be read: no observation file, an observation file that is not dmreplay's
 * (or out of order, naming the row), a {@code summary.json} that is not a run summary (naming the line).
 */
public class RunDirectoryException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public RunDirectoryException(String source, long position, Unit unit, String problem, Throwable cause) {
        super(source, position, unit, problem, cause);
    }

    public static RunDirectoryException atLine(String source, long line, String problem) {
        return new RunDirectoryException(source, line, Unit.LINE, problem, null);
    }

    public static RunDirectoryException atByte(String source, long offset, String problem) {
        return new RunDirectoryException(source, offset, Unit.BYTE, problem, null);
    }

    public static RunDirectoryException of(String source, String problem) {
        return new RunDirectoryException(source, -1, Unit.NONE, problem, null);
    }
}
