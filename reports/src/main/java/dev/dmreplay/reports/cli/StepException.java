package dev.dmreplay.reports.cli;

/**
 * A failure inside one step of a composite command (batch, demo), with the step named for the message. The CLI
 * reports the cause's message after the step's name and the cause's exit code: bad input stays 2, an internal
 * error stays 3.
 */
final class StepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String step;

    StepException(String step, Throwable cause) {
        super(step + ": " + cause.getMessage(), cause);
        this.step = step;
    }

    String step() {
        return step;
    }
}
