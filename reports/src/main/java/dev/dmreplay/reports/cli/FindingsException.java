package dev.dmreplay.reports.cli;

/** The command worked and found what the user asked it to fail on (exit code 1). */
public class FindingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FindingsException(String message) {
        super(message);
    }
}
