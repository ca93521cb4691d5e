package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * {@code thin-pool <metadata_dev> <data_dev> <block_sectors> <low_water_blocks> [<#features> ...]}
 * ({@code pool_ctr}, dm-thin.c). The kernel prints the feature count always, with a trailing space.
 */
public record ThinPoolArgs(DevRef metadata, DevRef data, long blockSectors, long lowWaterBlocks,
                           List<String> features) implements TargetArgs {

    public ThinPoolArgs {
        features = List.copyOf(features);
    }

    public boolean hasFeature(String f) {
        return features.contains(f);
    }

    @Override
    public String type() {
        return "thin-pool";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(metadata, data);
    }

    @Override
    public String params() {
        String p = metadata + " " + data + " " + blockSectors + " " + lowWaterBlocks + " " + features.size();
        return features.isEmpty() ? p : p + " " + String.join(" ", features);
    }
}
