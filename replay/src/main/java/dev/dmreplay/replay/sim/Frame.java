package dev.dmreplay.replay.sim;

/**
 * One activation of a modelled kernel function that may sleep: an explicit state machine whose {@code pc}
 * says where it resumes. {@link #step} runs until the function returns ({@link Step#RETURN}), calls another
 * sleeping function ({@link Step#CALL}, after {@link Task#call}) or leaves the CPU ({@link Step#SCHEDULE}).
 * Return values travel through the task's typed return slots (e.g. {@link Task#retBio}; a target's map frame leaves its {@code DM_MAPIO_*} in
 * the {@code TargetIo}). This is
 * how the model keeps kernel call stacks without Java threads: a task's frames are the kernel stack of
 * {@code current}. Frames name their {@code pc} values after the kernel lines they model.
 */
public abstract class Frame {
    /** Shorthand for {@link Step#RETURN} inside frames. */
    protected static final Step RETURN = Step.RETURN;
    /** Shorthand for {@link Step#CALL} inside frames. */
    protected static final Step CALL = Step.CALL;
    /** Shorthand for {@link Step#SCHEDULE} inside frames. */
    protected static final Step SCHEDULE = Step.SCHEDULE;

    /** Where the function resumes. */
    protected int pc;

    public abstract Step step(Task t);

    /** Name of the kernel function this frame models, for stack dumps and wait-for chains. */
    public abstract String function();
}
