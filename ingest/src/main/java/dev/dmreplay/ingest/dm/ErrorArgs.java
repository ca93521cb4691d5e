package dev.dmreplay.ingest.dm;

import java.util.List;

/** {@code error}: fails every bio (dm-target.c {@code io_err_ctr}); takes no arguments. */
public record ErrorArgs() implements TargetArgs {
    @Override
    public String type() {
        return "error";
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
