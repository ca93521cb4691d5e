package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * {@code thin <pool_dev> <dev_id> [<external_origin_dev>]} ({@code thin_ctr}, dm-thin.c; dev_id is 24 bits).
 *
 * @param externalOrigin null when absent
 */
public record ThinArgs(DevRef pool, long devId, DevRef externalOrigin) implements TargetArgs {

    @Override
    public String type() {
        return "thin";
    }

    @Override
    public List<DevRef> devices() {
        return externalOrigin == null ? List.of(pool) : List.of(pool, externalOrigin);
    }

    @Override
    public String params() {
        return pool + " " + devId + (externalOrigin == null ? "" : " " + externalOrigin);
    }
}
