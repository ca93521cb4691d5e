package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.BioList;

/**
 * The merge fields of {@code struct dm_snapshot}: the chunks being merged, the writes queued on them, and how the
 * background merge ended.
 */
final class MergeState {
    long firstMergingChunk;
    int numMergingChunks;
    final BioList queuedDuringMerge;
    boolean running;
    boolean failed;
    long chunksMerged;
    long steps;
    long writesQueued;
    long finishedAt = -1;

    MergeState(DmSnapshot s) {
        this.queuedDuringMerge = new BioList("bios_queued_during_merge of snapshot " + s.name, s.kc.work());
    }
}
