package dev.dmreplay.analyze.evaluate;

import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.run.RunResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one cell (a scenario or trace under one strategy) came to over its schedules: the worst outcome, the count
 * of each outcome, the chain of the worst, and the pressure figures of the worst schedule for them: the lowest
 * reserve any mempool fell to (its name and size), and the most sleeps in {@code mempool_alloc} of any schedule.
 *
 * @param lowPool  the pool whose reserve fell lowest relative to its size (null when the run had no pools)
 * @param lowWater that pool's reserve low-water (elements left in reserve at the worst moment)
 * @param lowSize  that pool's reserve size ({@code min_nr})
 * @param sleeps   the most sleeps in mempool_alloc, summed over pools, of any one schedule
 * @param submitted top-level bios submitted (of the first schedule; the same workload in every one)
 * @param completed the fewest top-level bios completed in any schedule
 * @param outOfOrder the most leaf issues out of order in any one schedule (docs/kernel-model.md §2.6: writes below
 *                   the previous write of the same submitter on a device, and split pieces issued out of order)
 * @param unalignedWrites the most writes a zoned leaf failed as unaligned in any one schedule
 */
public record CellFigures(Outcome outcome, int schedules, Map<Outcome, Integer> outcomes, String chain,
                          String lowPool, int lowWater, int lowSize, long sleeps, long submitted, long completed,
                          long outOfOrder, long unalignedWrites) {

    public CellFigures {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        m.putAll(outcomes);
        outcomes = java.util.Collections.unmodifiableMap(m);
    }

    /** The figures of the runs of one cell; {@code outcome}, counts and chain as the exploration decided them. */
    static CellFigures of(Outcome outcome, int schedules, Map<Outcome, Integer> outcomes, String chain,
                          List<RunResult> runs) {
        String lowPool = null;
        int lowWater = Integer.MAX_VALUE;
        int lowSize = 0;
        long sleeps = 0;
        long submitted = runs.isEmpty() ? 0 : runs.get(0).submitted();
        long completed = Long.MAX_VALUE;
        long ooo = 0;
        long unaligned = 0;
        for (RunResult r : runs) {
            if (r.order() != null) {
                ooo = Math.max(ooo, r.order().outOfOrder());
                unaligned = Math.max(unaligned, r.order().unalignedWrites());
            }
            long s = 0;
            for (Mempool.MempoolStats p : r.pools()) {
                s += p.sleeps();
                // lowest fraction of the reserve left; ties keep the first pool in construction order
                if (lowPool == null || (long) p.reserveLowWater() * Math.max(1, lowSize)
                        < (long) lowWater * Math.max(1, p.minNr())) {
                    lowPool = p.pool();
                    lowWater = p.reserveLowWater();
                    lowSize = p.minNr();
                }
            }
            sleeps = Math.max(sleeps, s);
            completed = Math.min(completed, r.completed());
        }
        return new CellFigures(outcome, schedules, outcomes, chain == null ? "" : chain, lowPool,
                lowPool == null ? 0 : lowWater, lowSize, sleeps, submitted, runs.isEmpty() ? 0 : completed, ooo,
                unaligned);
    }

    /** {@code FINE 18, MEMORY_DEADLOCK 2}, most frequent first. */
    public String distribution() {
        StringBuilder b = new StringBuilder();
        outcomes.entrySet().stream()
                .sorted(Map.Entry.<Outcome, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey().name()).append(' ')
                        .append(e.getValue()));
        return b.toString();
    }
}
