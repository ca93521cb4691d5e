package dev.dmreplay.analyze.compare;

import dev.dmreplay.analyze.run.RunReport;
import java.util.function.Function;

/**
 * One row of a comparison: how to read a value from a run (null when the run has none) and which direction is
 * better. {@code unit} says how to print it: "ns" (durations), "" (counts), "/s" (rates) or "text".
 * {@code everyRun}: every run competes for best, also one that did not complete all its bios (for counts of
 * completions, failures and stalls); otherwise only complete runs do (see {@link Comparison}).
 */
public record Metric(String name, Better better, String unit, Function<RunReport, Object> value, boolean everyRun) {
    public Metric(String name, Better better, String unit, Function<RunReport, Object> value) {
        this(name, better, unit, value, false);
    }

    /** Which value wins; NONE for values that are not better or worse (names, context). */
    public enum Better { LOWER, HIGHER, NONE }
}
