package dev.dmreplay.ingest.dm;

import java.util.List;

/** {@code era <metadata_dev> <origin_dev> <block_sectors>} ({@code era_ctr}, dm-era-target.c). */
public record EraArgs(DevRef metadata, DevRef origin, long blockSectors) implements TargetArgs {
    @Override
    public String type() {
        return "era";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(metadata, origin);
    }

    @Override
    public String params() {
        return metadata + " " + origin + " " + blockSectors;
    }
}
