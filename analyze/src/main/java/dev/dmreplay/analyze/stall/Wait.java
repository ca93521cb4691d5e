package dev.dmreplay.analyze.stall;

/**
 * One blocked episode of a task: from its first sleep on {@code resource} until it ran again without going back
 * to sleep on the same thing at the same instant. Re-polls (a 5-second {@code io_schedule_timeout} that expired and
 * found nothing) and wake-ups that lost the race stay inside the episode.
 *
 * @param function   the kernel function it slept in ({@code mempool_alloc}, {@code mutex_lock}, ...)
 * @param wakeups    wake-ups during the episode (the last one released it)
 * @param repolls    wake-ups that were timer expiries
 * @param releasedBy what released it: "timeout" for a re-poll that then found the resource, otherwise the last
 *                   other observation at the instant of the final wake-up (e.g. the completion that freed an
 *                   element), or "" when nothing else was observed then
 * @param ended      false when the task was still asleep at the end of the run ({@code endNs} is then that end)
 */
public record Wait(String task, String resource, String function, long beginNs, long endNs, long wakeups,
                   long repolls, String releasedBy, boolean ended) {
    public long durationNs() {
        return endNs - beginNs;
    }
}
