package dev.dmreplay.replay.explore;

import dev.dmreplay.replay.detect.Outcome;
import java.util.Map;

/**
 * What exploring one cell found: the worst outcome any schedule reached, how many schedules ran and how many
 * reached each outcome, the witness (the first schedule reaching the worst outcome: {@code baseline} for the
 * lock-step interleaving, {@code seed:N} for a perturbed schedule, {@code rtc:I,J}/{@code rr:I,J} for one of the
 * systematic search) and its chain, and for a systematic search its bound and whether the bound was exhausted.
 *
 * @param witnessSeed the witness's seed when it is a perturbed schedule (replay it with {@code --seed}); null
 *                    otherwise (and null when every schedule was FINE)
 * @param bound       the preemption bound K of a systematic search, null for random schedules
 * @param exhausted   for a systematic search: every schedule within the bound ran (false if the run cap stopped it)
 * @param outOfOrder  the fewest and the most leaf issues out of order in any one schedule (docs/kernel-model.md
 *                    §2.6), and the most unaligned writes a zoned leaf failed
 */
public record Exploration(Outcome outcome, int schedules, Map<Outcome, Integer> outcomes, String witness,
                          Long witnessSeed, String witnessChain, Integer bound, boolean exhausted,
                          OrderRange outOfOrder) {

    /** Out-of-order counts over the schedules of one cell. */
    public record OrderRange(long min, long max, long maxUnalignedWrites) {
        OrderRange with(long outOfOrder, long unaligned) {
            return new OrderRange(Math.min(min, outOfOrder), Math.max(max, outOfOrder),
                    Math.max(maxUnalignedWrites, unaligned));
        }

        static final OrderRange EMPTY = new OrderRange(Long.MAX_VALUE, 0, 0);
    }

    /** "deadlock found", "none within K preemptions", "N random schedules, none" (or what stopped the search). */
    public String verdict() {
        if (outcome.isDeadlock()) {
            return "deadlock found";
        }
        if (bound != null) {
            return exhausted ? "none within " + bound + " preemptions" : "none in " + schedules
                    + " schedules (bound " + bound + " not exhausted: run cap reached)";
        }
        return schedules + " random schedules, none";
    }
}
