package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.stack.Machine;

/** Submissions to the top of a modelled stack. */
public interface Workload {
    /** Creates the submitter tasks and schedules the first submissions. */
    void start(Machine machine, WorkloadStats stats);

    /** True once every request has been handed to a submitter. */
    boolean exhausted();

    /**
     * The run is over (finished, stopped early, or failed): release what the workload holds open, such as a
     * trace still being read. Called once by the runner; does nothing by default.
     */
    default void stop() {
    }

    /** Total requests (if known in advance), else -1. */
    default long expected() {
        return -1;
    }
}
