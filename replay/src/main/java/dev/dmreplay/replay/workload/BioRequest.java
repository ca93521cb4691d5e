package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.block.Op;

/**
 * One top-level bio to submit: when (ns), to which device (name or major:minor), what; {@code holdPlug} when the
 * traced task queued its next write into the block plug this one's request was in ({@link TracedPlugs}): the
 * submitter keeps its plug across the two.
 */
public record BioRequest(long time, String device, Op op, int flags, long sector, int sectors, boolean holdPlug) {
    public BioRequest(long time, String device, Op op, int flags, long sector, int sectors) {
        this(time, device, op, flags, sector, sectors, false);
    }
}
