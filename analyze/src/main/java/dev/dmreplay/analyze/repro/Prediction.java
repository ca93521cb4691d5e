package dev.dmreplay.analyze.repro;

import dev.dmreplay.replay.detect.Outcome;
import java.util.Map;

/**
 * What the model predicts for the reproduced run: the worst outcome, how many schedules ran and how many reached
 * each outcome, the wait-for chain of the worst (empty when FINE), and the most writes a zoned leaf failed as
 * unaligned in any schedule (docs/kernel-model.md §2.6; 0 without zoned leaves).
 */
public record Prediction(Outcome outcome, int schedules, Map<Outcome, Integer> outcomes, String chain,
                         long unalignedWrites) {
    public Prediction {
        outcomes = Map.copyOf(outcomes);
        if (unalignedWrites < 0) {
            throw new IllegalArgumentException("unaligned writes cannot be negative: " + unalignedWrites);
        }
    }

    /** {@code MEMORY_DEADLOCK in 37 of 200 schedules (FINE 163)}, or just the outcome for one run. */
    public String describe() {
        if (schedules <= 1) {
            return outcome.name() + " (one schedule: the lock-step interleaving)";
        }
        StringBuilder sb = new StringBuilder(outcome.name()).append(" in ")
                .append(outcomes.getOrDefault(outcome, 0)).append(" of ").append(schedules).append(" schedules (");
        String sep = "";
        for (Outcome o : Outcome.values()) {
            Integer n = outcomes.get(o);
            if (n != null) {
                sb.append(sep).append(o.name()).append(' ').append(n);
                sep = ", ";
            }
        }
        return sb.append(')').toString();
    }
}
