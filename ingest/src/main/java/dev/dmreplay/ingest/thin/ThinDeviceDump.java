package dev.dmreplay.ingest.thin;

import java.util.List;

/**
 * One {@code <device>} of a {@code thin_dump}: {@code struct disk_device_details} and the device's mappings, in
 * the order of the dump (ascending virtual block).
 *
 * @param devId        the thin device id (the second argument of a {@code thin} table line)
 * @param mappedBlocks mapped blocks as the details record them (the reader checks the runs cover as many)
 * @param transaction  transaction id when created
 * @param creationTime the pool's snapshot time when the device was created
 * @param snapTime     the pool's snapshot time when the device was last snapshotted (or created)
 * @param runs         the mappings
 */
public record ThinDeviceDump(long devId, long mappedBlocks, long transaction, long creationTime, long snapTime,
                             List<ThinMappingRun> runs) {
    public ThinDeviceDump {
        runs = List.copyOf(runs);
    }
}
