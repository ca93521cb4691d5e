package dev.dmreplay.replay.kcopyd;

import dev.dmreplay.replay.block.BlockDevice;

/**
 * {@code struct dm_io_region} (include/linux/dm-io.h): a device and a sector range on it.
 *
 * @param dev    the block device (a leaf or a mapped device; bios to it go through the whole model)
 * @param sector first sector
 * @param count  number of sectors
 */
public record Region(BlockDevice dev, long sector, long count) {
    public Region {
        if (dev == null || sector < 0 || count < 0) {
            throw new IllegalArgumentException("bad region " + dev + " " + sector + "+" + count);
        }
    }

    /** The same device, {@code offset} sectors further in, {@code n} sectors long. */
    public Region slice(long offset, long n) {
        return new Region(dev, sector + offset, n);
    }

    @Override
    public String toString() {
        return dev.name + " " + sector + "+" + count;
    }
}
