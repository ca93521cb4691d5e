package dev.dmreplay.replay.block;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The zones of a host-managed zoned disk without native zone append (every zone sequential-write-required, all
 * empty at the start): a write pointer per zone and, with zone write plugging, the zone's plug.
 * <ul>
 *   <li>The write-pointer check is {@code blk_zone_wplug_prepare_bio()} (block/blk-zoned.c, v6.10+): a regular
 *       write must start at the zone's write pointer and stay in the zone, and then moves it. Before v6.10 the disk
 *       itself answers such a command with "unaligned write"; the model checks at issue in both eras.</li>
 *   <li>Zone write plugging ({@code blk_zone_plug_bio()} / {@code blk_zone_wplug_handle_write()}, v6.10+): a
 *       write to a zone whose plug is idle is checked and goes on, and the zone is plugged; a write to a plugged
 *       zone is held on the plug's list. The list is FIFO: {@code disk_zone_wplug_add_bio()} adds at the tail
 *       because the block layer is trusted to hand over the pieces of a split bio in order. When the write in
 *       flight completes, the zone's work pops the next held write, checks it, fails it if it is not at the
 *       write pointer (and pops the next), else issues it ({@code disk_zone_wplug_submit_bio}). Held writes are
 *       therefore delayed, never reordered: an out-of-order write still fails, when its turn comes.</li>
 * </ul>
 * Not modelled: the failed write's effect on later writes in v6.13+ kernels (a write that fails while not held
 * marks the zone as needing a write-pointer update, after which writes to it fail until the zone is reported,
 * reset or finished), merging of held writes into the request of the one before
 * ({@code blk_zone_write_plug_init_request}), the zone-plug mempool, and the one-worker mode of rotational disks.
 */
final class ZoneWritePlugs {
    private final long zoneSectors;
    /** Write pointer per zone, as an offset from the zone start (zones never written are at 0). */
    private final Map<Long, Long> writePointers = new HashMap<>();
    /** Per zone: the writes held behind the one in flight; present while the zone is plugged. */
    private final Map<Long, ArrayDeque<Bio>> plugged = new HashMap<>();

    ZoneWritePlugs(long zoneSectors) {
        if (zoneSectors <= 0) {
            throw new IllegalArgumentException("zone size must be positive: " + zoneSectors);
        }
        this.zoneSectors = zoneSectors;
    }

    long zoneOf(long sector) {
        return sector / zoneSectors;
    }

    /** Sectors from {@code sector} to the end of its zone: where {@code chunk_sectors} makes the disk split. */
    long sectorsToZoneEnd(long sector) {
        return zoneSectors - sector % zoneSectors;
    }

    /**
     * {@code blk_zone_wplug_prepare_bio} for a regular write: true (and the pointer moved) when {@code bio} starts at
     * its zone's write pointer and stays inside the zone.
     */
    boolean prepare(Bio bio) {
        long zone = zoneOf(bio.sector);
        long offset = bio.sector - zone * zoneSectors;
        long wp = writePointers.getOrDefault(zone, 0L);
        if (offset != wp || offset + bio.sectors > zoneSectors) {
            return false;
        }
        writePointers.put(zone, wp + bio.sectors);
        return true;
    }

    /**
     * {@code blk_zone_wplug_handle_write} for a plugged zone: true when {@code bio}'s zone is plugged and the write
     * was held at the tail of its list; false when the zone is idle (the caller checks the write and, if it goes
     * on, {@link #plug plugs} the zone).
     */
    boolean hold(Bio bio) {
        ArrayDeque<Bio> list = plugged.get(zoneOf(bio.sector));
        if (list == null) {
            return false;
        }
        list.addLast(bio);
        return true;
    }

    /** Marks {@code bio}'s zone plugged: its write is in flight ({@code BLK_ZONE_WPLUG_PLUGGED}). */
    void plug(Bio bio) {
        plugged.putIfAbsent(zoneOf(bio.sector), new ArrayDeque<>());
    }

    /**
     * The next held write of {@code zone} once the write in flight there completed or failed, or null when none is
     * held (the zone is then unplugged, {@code disk_zone_wplug_unplug_bio}).
     */
    Bio next(long zone) {
        ArrayDeque<Bio> list = plugged.get(zone);
        Bio b = list == null ? null : list.pollFirst();
        if (b == null) {
            plugged.remove(zone);
        }
        return b;
    }
}
