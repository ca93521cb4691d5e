package dev.dmreplay.analyze.evaluate;

/**
 * A row where the chosen strategies part: what differs ({@code outcome} first, then the pressure figures) and a
 * one-line statement of it, every strategy with its value.
 */
public record Difference(String row, What what, String text) {
    /** What differs, in the order that matters to a kernel developer. */
    public enum What { OUTCOME, POOL_LOW_WATER, SLEEPS, OUT_OF_ORDER }
}
