package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * {@code cache <metadata_dev> <cache_dev> <origin_dev> <block_sectors> <#features> [features] <policy>
 * <#policy_args> [key value]...} ({@code cache_ctr}, dm-cache-target.c).
 *
 * @param policyArgs the policy's words (key value pairs), without their count
 */
public record CacheArgs(DevRef metadata, DevRef cache, DevRef origin, long blockSectors, List<String> features,
                        String policy, List<String> policyArgs) implements TargetArgs {

    public CacheArgs {
        features = List.copyOf(features);
        policyArgs = List.copyOf(policyArgs);
    }

    /**
     * {@code writethrough}, {@code writeback} or {@code passthrough}; write-back when no feature names one
     * ({@code init_features} in dm-cache-target.c sets {@code CM_IO_WRITEBACK} before the features are read).
     */
    public String ioMode() {
        for (String f : features) {
            if (f.equals("writeback") || f.equals("passthrough") || f.equals("writethrough")) {
                return f;
            }
        }
        return "writeback";
    }

    @Override
    public String type() {
        return "cache";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(metadata, cache, origin);
    }

    @Override
    public String params() {
        StringBuilder sb = new StringBuilder().append(metadata).append(' ').append(cache).append(' ').append(origin)
                .append(' ').append(blockSectors).append(' ').append(features.size());
        for (String f : features) {
            sb.append(' ').append(f);
        }
        sb.append(' ').append(policy).append(' ').append(policyArgs.size());
        for (String a : policyArgs) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }
}
