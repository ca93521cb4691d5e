package dev.dmreplay.ingest.dm;

import java.util.Optional;

/**
 * One table line of a mapped device: {@code start length target args} (a {@code struct dm_target}).
 *
 * @param index  0-based position in the device's table
 * @param start  first sector, in the mapped device
 * @param length sectors
 * @param line   1-based line in the dump it came from (0 when built in code)
 */
public record Segment(int index, long start, long length, TargetArgs target, int line) {

    public Segment {
        if (start < 0 || length <= 0) {
            throw new IllegalArgumentException("segment needs start >= 0 and length > 0");
        }
    }

    /** One past the last sector. */
    public long end() {
        return start + length;
    }

    public boolean contains(long sector) {
        return sector >= start && sector < end();
    }

    /**
     * Where a sector of the mapped device lands, for linear and striped segments; empty for other targets
     * (their mapping depends on runtime state) or a sector outside the segment.
     */
    public Optional<MappedSector> map(long sector) {
        if (!contains(sector) || !(target instanceof SectorMapper m)) {
            return Optional.empty();
        }
        return Optional.of(m.map(sector - start));
    }

    /** The table line, as {@code dmsetup table <name>} prints it (keys masked). */
    public String render() {
        return start + " " + length + " " + target.render();
    }
}
