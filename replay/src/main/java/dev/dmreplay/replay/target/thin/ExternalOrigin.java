package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.block.BlockDevice;

/**
 * A thin device's external origin ({@code tc->origin_dev}, {@code tc->origin_size}; drivers/md/dm-thin.c v6.1):
 * the read-only device that supplies the contents of the thin device's unprovisioned blocks. {@code thin_preresume}
 * sets {@code origin_size} from the origin device's own size ({@code get_dev_size}), not from the thin table line,
 * so an origin shorter than the thin device leaves the blocks past its end reading as zeroes.
 *
 * @param dev     the origin device
 * @param sectors {@code tc->origin_size}, in sectors
 */
record ExternalOrigin(BlockDevice dev, long sectors) {
    ExternalOrigin {
        if (dev == null || sectors < 0) {
            throw new IllegalArgumentException("bad external origin " + dev + " of " + sectors + " sectors");
        }
    }

    /**
     * {@code process_cell} on an unprovisioned block, for a read of {@code sectors} at thin sector {@code sector}:
     * how many of its sectors go to the origin. A read ending at or before the origin's end goes whole; one across
     * it is cut to end there ({@code bi_size = (origin_size - bi_sector) << SECTOR_SHIFT}); one starting at or past
     * it gets none (0: it is zero-filled and completed without I/O).
     */
    long readSectors(long sector, long sectors) {
        if (sector + sectors <= this.sectors) {
            return sectors;
        }
        return sector < this.sectors ? this.sectors - sector : 0;
    }

    /**
     * {@code schedule_external_copy} for virtual block {@code vblock} of {@code blockSectors}: how many sectors
     * {@code schedule_copy} copies from the origin; the whole block when it ends within the origin, the part before
     * the origin's end when it straddles it, and 0 past the end ({@code schedule_zero}, as without an origin).
     */
    long copySectors(long vblock, long blockSectors) {
        long begin = vblock * blockSectors;
        long end = begin + blockSectors;
        if (end <= sectors) {
            return blockSectors;
        }
        return begin < sectors ? sectors - begin : 0;
    }
}
