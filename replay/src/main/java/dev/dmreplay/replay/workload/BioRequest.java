package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.block.Op;

/** One top-level bio to submit: when (ns), to which device (name or major:minor), what. */
public record BioRequest(long time, String device, Op op, int flags, long sector, int sectors) {
}
