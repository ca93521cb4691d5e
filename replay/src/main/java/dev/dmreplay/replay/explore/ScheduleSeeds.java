package dev.dmreplay.replay.explore;

/**
 * Seeds that name explored schedules. A seed from {@link #FIRST} (2^62) up names a perturbed schedule ({@link
 * RandomSchedule}); a smaller seed is an ordinary run seed (the lock-step interleaving, model randomness seeded
 * with it), so every existing command line keeps its meaning and a witness seed replays its schedule alone.
 */
public final class ScheduleSeeds {
    /** The smallest schedule seed. */
    public static final long FIRST = 1L << 62;

    private ScheduleSeeds() {
    }

    public static boolean isScheduleSeed(long seed) {
        return seed >= FIRST;
    }

    /** The schedule a seed names: a perturbed one for schedule seeds, else the lock-step interleaving. */
    public static dev.dmreplay.replay.sim.Schedule schedule(long seed) {
        return isScheduleSeed(seed) ? new RandomSchedule(seed) : dev.dmreplay.replay.sim.Schedule.LOCK_STEP;
    }

    /** The seed of the {@code i}-th explored schedule of a cell whose run seed is {@code base}. */
    public static long derive(long base, int i) {
        long z = base * 0x9E3779B97F4A7C15L + (i + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return FIRST | (z & (FIRST - 1));
    }
}
