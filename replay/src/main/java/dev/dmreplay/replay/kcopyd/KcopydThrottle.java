package dev.dmreplay.replay.kcopyd;

/**
 * {@code struct dm_kcopyd_throttle} with {@code io_job_start()}/{@code io_job_finish()} (drivers/md/dm-kcopyd.c,
 * v4.15–v6.1): a percentage of time the client's I/O may be busy. Below 100, {@code io_job_start} compares the
 * decayed busy time with the allowed share and sleeps {@code SLEEP_USEC} (100 ms) at most {@code MAX_SLEEPS} (10)
 * times before it issues the next I/O. The kernel counts in jiffies and halves both periods once the total passes
 * {@code 1 << ACCOUNT_INTERVAL_SHIFT} jiffies (about a second); the model counts in nanoseconds with a one-second
 * interval. 100 (every target's default) never sleeps.
 */
public final class KcopydThrottle {
    /** {@code SLEEP_USEC}. */
    public static final long SLEEP_NS = 100_000_000L;
    /** {@code MAX_SLEEPS}. */
    public static final int MAX_SLEEPS = 10;
    private static final long INTERVAL_NS = 1_000_000_000L;

    private final int throttle;
    private long ioPeriod;
    private long totalPeriod;
    private long last;
    private int numIoJobs;
    private long sleeps;

    /** @param percent 1..100 */
    public KcopydThrottle(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("kcopyd throttle must be 1..100 percent, got " + percent);
        }
        this.throttle = percent;
    }

    /** The default of dm-snapshot, dm-raid1, dm-thin: no limit. */
    public static KcopydThrottle unlimited() {
        return new KcopydThrottle(100);
    }

    /**
     * One pass of {@code io_job_start()}: true if the caller must sleep {@link #SLEEP_NS} and try again
     * ({@code slept} sleeps so far), false once the I/O may start (then it is counted as running).
     */
    boolean mustSleep(long now, int slept) {
        if (throttle < 100) {
            long diff = now - last;
            last = now;
            if (numIoJobs > 0) {
                ioPeriod += diff;
            }
            totalPeriod += diff;
            if (ioPeriod > totalPeriod) {
                ioPeriod = totalPeriod;
            }
            while (totalPeriod >= INTERVAL_NS) {
                totalPeriod >>= 1;
                ioPeriod >>= 1;
            }
            long skew = ioPeriod - throttle * totalPeriod / 100;
            if (skew > 0 && slept < MAX_SLEEPS) {
                sleeps++;
                return true;
            }
        }
        numIoJobs++;
        return false;
    }

    /** {@code io_job_finish()}. */
    void finish(long now) {
        numIoJobs--;
        if (throttle < 100 && numIoJobs == 0) {
            long diff = now - last;
            last = now;
            ioPeriod += diff;
            totalPeriod += diff;
            if (ioPeriod > totalPeriod) {
                ioPeriod = totalPeriod;
            }
        }
    }

    public int percent() {
        return throttle;
    }

    /** Times {@code io_job_start} slept. */
    public long sleeps() {
        return sleeps;
    }
}
