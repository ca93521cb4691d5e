package dev.dmreplay.replay.dm;

/** What a target's {@code end_io} returns: {@code DM_ENDIO_*} of include/linux/device-mapper.h (v4.16). */
public enum DmEndio {
    /** {@code DM_ENDIO_DONE}: completion continues up the stack. */
    DONE,
    /** {@code DM_ENDIO_INCOMPLETE}: the target keeps the clone and will complete it later. */
    INCOMPLETE,
    /** {@code DM_ENDIO_REQUEUE}: requeue the original bio. */
    REQUEUE
}
