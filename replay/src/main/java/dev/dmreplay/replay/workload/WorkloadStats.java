package dev.dmreplay.replay.workload;

/** Counters of top-level bios (mutable; owned by one run). */
public final class WorkloadStats {
    public long submitted;
    public long completed;
    public long errors;
    public long latencyNanos;
    public long maxLatencyNanos;
    public long submitNanos;
    public long longestSubmitNanos;
    public long slowSubmissions;
    /** Requests known to the workload but not yet submitted (for the end-of-run check). */
    public long pendingRequests;
}
