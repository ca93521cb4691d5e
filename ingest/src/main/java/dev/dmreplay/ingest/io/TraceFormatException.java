package dev.dmreplay.ingest.io;

/**
 * A trace that is not what its format says: blktrace per-CPU files, blkparse text or dumps, CSV traces, the Parquet
 * event store, a bundle's layout or manifest. Names the file and the line or byte offset.
 */
public class TraceFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(String source, long position, Unit unit, String problem) {
        super(source, position, unit, problem, null);
    }

    public TraceFormatException(String source, long position, Unit unit, String problem, Throwable cause) {
        super(source, position, unit, problem, cause);
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
}
