package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.block.Op;

/**
 * One top-level bio to submit: when (ns), to which device (name or major:minor), what; {@code holdPlug} when the
 * traced task queued its next write into the block plug this one's request was in ({@link TracedPlugs}): the
 * submitter keeps its plug across the two. {@code nextAfterNs}: how long after this one the same task queued its next
 * request in the trace ({@link #NEXT_UNKNOWN} when not known): the CPU time the submission may take
 * ({@link dev.dmreplay.replay.sim.Task#cpuBudget}).
 */
public record BioRequest(long time, String device, Op op, int flags, long sector, int sectors, boolean holdPlug,
                         long nextAfterNs) {
    /** {@link #nextAfterNs} when the task's next request is not known. */
    public static final long NEXT_UNKNOWN = -1;

    public BioRequest {
        if (nextAfterNs < NEXT_UNKNOWN) {
            throw new IllegalArgumentException("the next request before this one: " + nextAfterNs);
        }
    }

    public BioRequest(long time, String device, Op op, int flags, long sector, int sectors, boolean holdPlug) {
        this(time, device, op, flags, sector, sectors, holdPlug, NEXT_UNKNOWN);
    }

    public BioRequest(long time, String device, Op op, int flags, long sector, int sectors) {
        this(time, device, op, flags, sector, sectors, false);
    }
}
