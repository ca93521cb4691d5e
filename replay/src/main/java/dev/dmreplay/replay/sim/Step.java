package dev.dmreplay.replay.sim;

/**
 * How one {@link Frame#step} (or a helper that may push a frame) left the task. The model's answer to "what does
 * {@code current} do next", replacing the old int codes whose 0 also meant "got it at once".
 */
public enum Step {
    /**
     * The function returned to its caller: the frame is popped (for a helper: it finished synchronously, e.g. an
     * allocation that was satisfied without sleeping, and its result is in the task's return slot).
     */
    RETURN,
    /** The function called a function that may sleep: a callee frame was pushed ({@link Task#call}) and runs next. */
    CALL,
    /**
     * The task left the CPU ({@code schedule()}): it sleeps on a resource ({@link Task#sleepOn}) or is runnable
     * again after modelled CPU work ({@link Task#consumeCpu}); the frame resumes at its {@code pc} later.
     */
    SCHEDULE
}
