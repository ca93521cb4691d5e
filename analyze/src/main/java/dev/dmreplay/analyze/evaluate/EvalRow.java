package dev.dmreplay.analyze.evaluate;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.List;

/**
 * One row of an evaluation: a scenario, or a recorded trace under one pressure, with one cell per strategy.
 *
 * @param kind  what the row is
 * @param id    the scenario id, or the trace name
 * @param title the scenario's title or the trace's description (may be empty)
 * @param shows the scenario's line on what it shows (empty for traces)
 */
public record EvalRow(Kind kind, String id, String title, String shows, String pressure, List<Cell> cells) {
    public enum Kind { SCENARIO, TRACE }

    public EvalRow {
        cells = List.copyOf(cells);
    }

    /** One strategy's cell; {@code expected} is the scenario's expectation for it, or null. */
    public record Cell(Strategy strategy, CellFigures figures, Outcome expected) {
    }

    /** The row's label: the id, and the pressure for a trace. */
    public String label() {
        return kind == Kind.TRACE ? id + " (pressure " + pressure + ")" : id;
    }
}
