package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.LeafDevice;

/**
 * The two queue limits of a mapped device that DM's entry split of zoned writes uses, stacked from the devices its
 * table maps onto as {@code dm_calculate_queue_limits} / {@code blk_stack_limits} do (block/blk-settings.c): the
 * smallest {@code max_sectors} below, and the zone size ({@code chunk_sectors}) when the device is zoned — every
 * target maps onto devices and every such device is zoned with the same zone size (a table mixing zoned and
 * regular devices, or a target without a device such as dm-zero, makes no zoned device).
 *
 * @param zoneSectors zone size in sectors (0: not zoned)
 * @param maxSectors  {@code max_sectors} (0: no limit from below the model knows of; md devices add none)
 */
record ZonedLimits(long zoneSectors, int maxSectors) {
    static final ZonedLimits NOT_ZONED = new ZonedLimits(0, 0);

    static ZonedLimits of(MappedDevice md) {
        DmTable t = md.table();
        if (t == null || t.count() == 0) {
            return NOT_ZONED;
        }
        long zone = -1;
        int max = 0;
        for (Target ti : t.targets()) {
            if (ti.devices().isEmpty()) {
                return NOT_ZONED;
            }
            for (BlockDevice d : ti.devices()) {
                ZonedLimits below = below(d);
                if (below.zoneSectors == 0 || (zone >= 0 && zone != below.zoneSectors)) {
                    return NOT_ZONED;
                }
                zone = below.zoneSectors;
                max = min(max, below.maxSectors);
            }
        }
        return new ZonedLimits(zone, max);
    }

    private static ZonedLimits below(BlockDevice d) {
        if (d instanceof LeafDevice l) {
            return new ZonedLimits(l.zoneSectors(), l.queueMaxSectors());
        }
        if (d instanceof MappedDevice m) {
            return m.zonedLimits();
        }
        return NOT_ZONED;
    }

    private static int min(int a, int b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    /** Whether {@code sector + sectors} crosses a zone boundary ({@code bio_straddles_zones}). */
    boolean straddles(long sector, long sectors) {
        return zoneSectors > 0 && sector % zoneSectors + sectors > zoneSectors;
    }

    /** Where {@code bio_split_to_limits} cuts a write at {@code sector}: max_sectors and the zone's end. */
    int splitAt(long sector) {
        long toEnd = zoneSectors - sector % zoneSectors;
        return (int) (maxSectors == 0 ? toEnd : Math.min(maxSectors, toEnd));
    }
}
