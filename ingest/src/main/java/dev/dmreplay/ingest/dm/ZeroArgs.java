package dev.dmreplay.ingest.dm;

import java.util.List;

/** {@code zero}: reads return zeros, writes are dropped (dm-zero.c {@code zero_ctr}); no arguments. */
public record ZeroArgs() implements TargetArgs {
    @Override
    public String type() {
        return "zero";
    }

    @Override
    public List<DevRef> devices() {
        return List.of();
    }

    @Override
    public String params() {
        return "";
    }
}
