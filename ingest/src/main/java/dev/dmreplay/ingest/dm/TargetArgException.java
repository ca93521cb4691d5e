package dev.dmreplay.ingest.dm;

/**
 * A target's arguments do not satisfy its constructor. The message starts with the target type
 * ({@code "striped: length 1000 is not a multiple of chunk 128 x 2 stripes"}); the table parser adds device,
 * segment and source position.
 */
public class TargetArgException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TargetArgException(String message) {
        super(message);
    }
}
