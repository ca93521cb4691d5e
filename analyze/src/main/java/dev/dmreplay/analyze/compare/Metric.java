package dev.dmreplay.analyze.compare;

import dev.dmreplay.analyze.run.RunReport;
import java.util.function.Function;

/**
 * One row of a comparison: how to read a value from a run (null when the run has none) and which direction is
 * better. {@code unit} says how to print it: "ns" (durations), "" (counts), "/s" (rates) or "text".
 */
public record Metric(String name, Better better, String unit, Function<RunReport, Object> value) {
    /** Which value wins; NONE for values that are not better or worse (names, context). */
    public enum Better { LOWER, HIGHER, NONE }
}
