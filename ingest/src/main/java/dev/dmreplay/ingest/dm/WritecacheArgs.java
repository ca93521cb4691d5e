package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * {@code writecache <p|s> <origin_dev> <cache_dev> <block_bytes> <#opt> [options]} ({@code writecache_ctr},
 * dm-writecache.c; {@code #opt} counts words).
 *
 * @param mode {@code p} (persistent memory) or {@code s} (SSD)
 */
public record WritecacheArgs(char mode, DevRef origin, DevRef cache, long blockBytes, List<String> options)
        implements TargetArgs {

    public WritecacheArgs {
        options = List.copyOf(options);
    }

    @Override
    public String type() {
        return "writecache";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(origin, cache);
    }

    @Override
    public String params() {
        String p = mode + " " + origin + " " + cache + " " + blockBytes + " " + options.size();
        return options.isEmpty() ? p : p + " " + String.join(" ", options);
    }
}
