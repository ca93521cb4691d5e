package dev.dmreplay.ingest.dm;

/** Targets whose mapping of a sector is a fixed function of the table: linear and striped. */
public interface SectorMapper {

    /**
     * Where sector {@code targetOffset} (relative to the segment start, i.e. {@code dm_target_offset()})
     * lands on the lower device.
     */
    MappedSector map(long targetOffset);

    /**
     * How many sectors from {@code targetOffset} on stay contiguous on one lower device (the rest of the
     * chunk for striped; unbounded, {@code Long.MAX_VALUE}, for linear).
     */
    long contiguous(long targetOffset);
}
