package dev.dmreplay.ingest.thin;

/**
 * The {@code <superblock>} of a {@code thin_dump}: {@code struct thin_disk_superblock} of
 * drivers/md/dm-thin-metadata.c as the tools print it.
 *
 * @param uuid          the pool's uuid (usually empty)
 * @param time          {@code pmd->time}: the snapshot clock, bumped by every {@code create_snap}
 * @param transaction   the userspace transaction id
 * @param flags         superblock flags ({@code needs_check} and the like)
 * @param version       metadata format version
 * @param dataBlockSize data block size in 512-byte sectors
 * @param nrDataBlocks  data blocks of the pool; 0 when the tools did not know it (a dump of the metadata snapshot)
 */
public record ThinSuperblock(String uuid, long time, long transaction, long flags, long version, long dataBlockSize,
                             long nrDataBlocks) {
}
