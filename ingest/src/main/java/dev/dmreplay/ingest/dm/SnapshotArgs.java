package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * {@code snapshot} and {@code snapshot-merge}: {@code <origin> <cow> <P|PO|N> <chunk_sectors> [<#features>
 * discard_zeroes_cow [discard_passdown_origin]]} ({@code snapshot_ctr}, dm-snap.c).
 *
 * @param merge       true for {@code snapshot-merge} (persistent only)
 * @param persistence {@code P}, {@code PO} or {@code N}
 */
public record SnapshotArgs(boolean merge, DevRef origin, DevRef cow, String persistence, long chunkSectors,
                           List<String> features) implements TargetArgs {

    public SnapshotArgs {
        features = List.copyOf(features);
    }

    public boolean persistent() {
        return persistence.startsWith("P");
    }

    @Override
    public String type() {
        return merge ? "snapshot-merge" : "snapshot";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(origin, cow);
    }

    @Override
    public String params() {
        String p = origin + " " + cow + " " + persistence + " " + chunkSectors;
        return features.isEmpty() ? p : p + " " + features.size() + " " + String.join(" ", features);
    }
}
