package dev.dmreplay.replay.explore;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Schedule;
import dev.dmreplay.replay.sim.Task;
import java.util.SplittableRandom;

/**
 * One perturbed schedule, everything derived from its seed: same-time events in a random order, CPU-time jitter
 * at each yield point (up to the yield's own length, or up to {@code maxDelay} for a zero-length one), staggered
 * arrivals (each task's requests shifted by up to {@code stagger}), and preemption at function entries with
 * probability {@code preemptProbability}, the preempted task running again after up to {@code maxDelay}. The
 * intensities themselves are drawn per schedule, so a set of schedules mixes gentle and violent ones.
 */
public final class RandomSchedule implements Schedule {
    private static final double[] PREEMPT = {0.05, 0.3, 0.7, 1.0};
    private static final long[] DELAY = {0, 200, 1_000, 5_000};
    private static final long[] STAGGER = {0, 0, 1_000, 20_000};

    public final long seed;
    public final double preemptProbability;
    public final long maxDelay;
    public final long stagger;
    private final SplittableRandom random;
    private final SplittableRandom arrivals;

    public RandomSchedule(long seed) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        this.preemptProbability = PREEMPT[r.nextInt(PREEMPT.length)];
        this.maxDelay = DELAY[r.nextInt(DELAY.length)];
        this.stagger = STAGGER[r.nextInt(STAGGER.length)];
        this.arrivals = r.split();
        this.random = r.split();
    }

    @Override
    public boolean reordersTies() {
        return true;
    }

    @Override
    public long tieKey() {
        return random.nextLong();
    }

    @Override
    public long cpuJitter(Task t, long ns) {
        long bound = ns > 0 ? ns : maxDelay;
        return bound <= 0 ? 0 : random.nextLong(bound + 1);
    }

    @Override
    public long preemptBefore(Task t, Frame callee) {
        if (random.nextDouble() >= preemptProbability) {
            return -1;
        }
        return maxDelay <= 0 ? 0 : random.nextLong(maxDelay + 1);
    }

    /** The arrival offset of the next task (called once per task, in task order). */
    public long nextArrivalOffset() {
        return stagger <= 0 ? 0 : arrivals.nextLong(stagger + 1);
    }

    @Override
    public String toString() {
        return "seed:" + seed;
    }
}
