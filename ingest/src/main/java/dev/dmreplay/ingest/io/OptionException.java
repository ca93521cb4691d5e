package dev.dmreplay.ingest.io;

/**
 * A command-line option with a value dmreplay cannot use ({@link #source()} is the option, e.g. {@code --pressure}),
 * or a combination of arguments that does not make a command (no source).
 */
public class OptionException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private OptionException(String option, String problem) {
        super(option, -1, Unit.NONE, problem, null);
    }

    /** A bad value of {@code option}: "option: problem". */
    public static OptionException of(String option, String problem) {
        return new OptionException(option, problem);
    }

    /** Arguments that do not make a command; the message is the problem alone. */
    public static OptionException usage(String problem) {
        return new OptionException(null, problem);
    }
}
