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

    /**
     * Whether a task may be preempted just before this frame's first step (schedule exploration). False for a
     * frame that continues a section the kernel runs without preemption, e.g. the sleep of {@code mempool_alloc},
     * whose failed attempt and {@code prepare_to_wait} both happen under {@code pool->lock}.
     */
    public boolean preemptibleEntry() {
        return true;
    }

    /** Name of the kernel function this frame models, for stack dumps and wait-for chains. */
    public abstract String function();
}
