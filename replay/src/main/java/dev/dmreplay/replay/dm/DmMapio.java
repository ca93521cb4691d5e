package dev.dmreplay.replay.dm;

/**
 * What a target's {@code map} returns: the {@code DM_MAPIO_*} values of include/linux/device-mapper.h (v4.16;
 * {@code DM_MAPIO_KILL} since v4.13), plus the model's {@link #CALLED}.
 */
public enum DmMapio {
    /** {@code DM_MAPIO_SUBMITTED}: the target took the clone (queued it privately or submitted it itself). */
    SUBMITTED,
    /** {@code DM_MAPIO_REMAPPED}: the clone was remapped; {@code __map_bio} submits it. */
    REMAPPED,
    /** {@code DM_MAPIO_REQUEUE}: push the original bio back ({@code BLK_STS_DM_REQUEUE}). */
    REQUEUE,
    /** {@code DM_MAPIO_DELAY_REQUEUE}: as REQUEUE, after a delay (request-based; bio-based treats it as REQUEUE). */
    DELAY_REQUEUE,
    /** {@code DM_MAPIO_KILL}: fail the clone with {@code BLK_STS_IOERR}. */
    KILL,
    /**
     * Not a kernel value: the map may sleep, so it pushed a frame on the task ({@link
     * dev.dmreplay.replay.sim.Task#call}); that frame stores the real result in {@link TargetIo#mapio} before it
     * returns.
     */
    CALLED
}
