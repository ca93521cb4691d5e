package dev.dmreplay.ingest.dm;

import java.util.List;

/** {@code snapshot-origin <origin_dev>} ({@code origin_ctr}, dm-snap.c): the visible origin over {@code -real}. */
public record SnapshotOriginArgs(DevRef origin) implements TargetArgs {
    @Override
    public String type() {
        return "snapshot-origin";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(origin);
    }

    @Override
    public String params() {
        return origin.toString();
    }
}
