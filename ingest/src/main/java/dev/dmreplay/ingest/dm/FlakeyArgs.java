package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * {@code flakey <dev> <offset> <up_s> <down_s> [<#features> features]} ({@code flakey_ctr}, dm-flakey.c;
 * {@code #features} counts words, e.g. {@code corrupt_bio_byte 32 r 1 0} is five).
 */
public record FlakeyArgs(DevRef dev, long offset, long upSeconds, long downSeconds, List<String> features)
        implements TargetArgs {

    public FlakeyArgs {
        features = List.copyOf(features);
    }

    @Override
    public String type() {
        return "flakey";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(dev);
    }

    @Override
    public String params() {
        String p = dev + " " + offset + " " + upSeconds + " " + downSeconds;
        return features.isEmpty() ? p : p + " " + features.size() + " " + String.join(" ", features);
    }
}
