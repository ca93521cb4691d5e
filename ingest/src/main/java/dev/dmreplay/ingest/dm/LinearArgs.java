package dev.dmreplay.ingest.dm;

import java.util.List;

/** {@code linear <dev> <offset>} ({@code linear_ctr}, dm-linear.c). */
public record LinearArgs(DevRef dev, long offset) implements TargetArgs, SectorMapper {

    @Override
    public String type() {
        return "linear";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(dev);
    }

    @Override
    public String params() {
        return dev + " " + offset;
    }

    /** {@code linear_map_sector}: {@code offset + dm_target_offset(sector)}. */
    @Override
    public MappedSector map(long targetOffset) {
        return new MappedSector(0, dev, offset + targetOffset);
    }

    @Override
    public long contiguous(long targetOffset) {
        return Long.MAX_VALUE;
    }
}
