package dev.dmreplay.reports.cli;

/** A usage or input problem the CLI reports as one line with exit code 2. */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
