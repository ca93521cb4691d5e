package dev.dmreplay.replay.sim;

/**
 * One activation of a modelled kernel function that may sleep: an explicit state machine whose {@code pc}
 * says where it resumes. {@link #step} runs until the function returns ({@link #DONE}), calls another
 * sleeping function ({@link #CALL}, after {@link Task#call}) or sleeps ({@link #BLOCKED}). Return values
 * travel through {@link Task#ret}/{@link Task#retInt}. This is how the model keeps kernel call stacks without
 * Java threads: a task's frames are the kernel stack of {@code current}.
 */
public abstract class Frame {
    public static final int DONE = 0;
    public static final int CALL = 1;
    public static final int BLOCKED = 2;

    /** Where the function resumes. */
    protected int pc;

    public abstract int step(Task t);

    /** Name of the kernel function this frame models, for stack dumps and wait-for chains. */
    public abstract String function();
}
