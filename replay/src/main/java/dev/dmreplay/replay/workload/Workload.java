package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.stack.Machine;

/** Submissions to the top of a modelled stack. */
public interface Workload {
    /** Creates the submitter tasks and schedules the first submissions. */
    void start(Machine machine, WorkloadStats stats);

    /** True once every request has been handed to a submitter. */
    boolean exhausted();

    /** Total requests (if known in advance), else -1. */
    default long expected() {
        return -1;
    }
}
