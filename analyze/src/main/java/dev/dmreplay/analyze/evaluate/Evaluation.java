package dev.dmreplay.analyze.evaluate;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An evaluation of orderings: the strategies compared, how many schedules each scenario cell and each trace cell
 * ran, and the rows (scenarios first, then traces).
 */
public record Evaluation(List<Strategy> strategies, int schedules, int traceSchedules, String scenarioSource,
                         List<EvalRow> rows) {

    public Evaluation {
        strategies = List.copyOf(strategies);
        rows = List.copyOf(rows);
    }

    /**
     * The rows where the strategies part, outcome differences first (in row order), then the lowest reserve, then
     * sleeps: what a kernel developer weighing a proposal reads first.
     */
    public List<Difference> differences() {
        List<Difference> out = new ArrayList<>();
        for (Difference.What w : Difference.What.values()) {
            for (EvalRow r : rows) {
                Difference d = difference(r, w);
                if (d != null) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private static Difference difference(EvalRow r, Difference.What w) {
        Set<String> values = new LinkedHashSet<>();
        List<String> parts = new ArrayList<>();
        for (EvalRow.Cell c : r.cells()) {
            CellFigures f = c.figures();
            String v = switch (w) {
                case OUTCOME -> f.schedules() > 1 ? f.outcome().name() + " (" + f.distribution() + ")"
                        : f.outcome().name();
                case POOL_LOW_WATER -> f.lowPool() == null ? "-" : f.lowWater() + "/" + f.lowSize() + " in "
                        + f.lowPool();
                case SLEEPS -> Long.toString(f.sleeps());
                case OUT_OF_ORDER -> f.outOfOrder() + (f.unalignedWrites() > 0 ? " (" + f.unalignedWrites()
                        + " unaligned writes)" : "");
            };
            String key = switch (w) {
                case OUTCOME -> f.outcome().name() + f.distribution();
                case POOL_LOW_WATER -> f.lowWater() + "/" + f.lowSize();
                case SLEEPS -> Long.toString(f.sleeps());
                case OUT_OF_ORDER -> f.outOfOrder() + "/" + f.unalignedWrites();
            };
            values.add(key);
            parts.add(c.strategy().name() + " " + v);
        }
        if (values.size() <= 1) {
            return null;
        }
        return new Difference(r.label(), w, String.join("; ", parts));
    }

    /** How many cells reached each outcome as their worst, over every row. */
    public java.util.Map<Outcome, Integer> worstCounts() {
        java.util.Map<Outcome, Integer> m = new java.util.EnumMap<>(Outcome.class);
        for (EvalRow r : rows) {
            for (EvalRow.Cell c : r.cells()) {
                m.merge(c.figures().outcome(), 1, Integer::sum);
            }
        }
        return m;
    }
}
