package dev.dmreplay.ingest.io;

/** A scenario file (YAML or JSON) that is not a valid scenario: names the file and the field or line. */
public class ScenarioFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public ScenarioFormatException(String source, long position, Unit unit, String problem) {
        super(source, position, unit, problem, null);
    }

    public static ScenarioFormatException atLine(String source, long line, String problem) {
        return new ScenarioFormatException(source, line, Unit.LINE, problem);
    }

    public static ScenarioFormatException of(String source, String problem) {
        return new ScenarioFormatException(source, -1, Unit.NONE, problem);
    }
}
