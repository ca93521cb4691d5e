package dev.dmreplay.replay.target.raid1;

/**
 * How a dm-raid raid1 array starts, decided as {@code raid_ctr} decides it (drivers/md/dm-raid.c, v6.1, read in
 * 6.1.166): {@code raid_set_alloc} sets {@code mddev->recovery_cp = MaxSector} (in sync); only
 * {@code analyse_superblocks} can change that, and it looks only at legs with a metadata device. The model has no
 * on-disk state, so a metadata device is taken to hold no dm-raid superblock (a new array, as LVM creates it):
 * <ul>
 *   <li>metadata devices, no {@code sync}: {@code super_load} finds no magic on any of them, marks every leg
 *       {@code FirstUse}; {@code super_init_validation} sets {@code MD_ARRAY_FIRST_USE}; {@code raid_ctr} then
 *       calls {@code rs_setup_recovery(rs, 0)}: {@code recovery_cp} is 0 (resync everything) or, with
 *       {@code nosync}, MaxSector. {@code super_validate} sets the bitmap offset (4 KiB), and
 *       {@code md_bitmap_create} makes a new on-disk bitmap ({@code md_bitmap_new_disk_sb}: BITMAP_STALE, so
 *       {@code md_bitmap_init_from_disk} sets every bit);</li>
 *   <li>metadata devices with {@code sync}: {@code analyse_superblocks} skips {@code super_load} for every leg,
 *       so neither {@code MD_ARRAY_FIRST_USE} nor the bitmap offset is set: {@code recovery_cp} stays MaxSector
 *       and md creates no bitmap (read from the source; not captured);</li>
 *   <li>no metadata devices: nothing is loaded, {@code recovery_cp} stays MaxSector whether or not
 *       {@code nosync} is given, there is no bitmap and no superblock to write (captured on 6.1.192: a
 *       {@code - <data>} table without {@code nosync} issued no resync I/O and reported {@code AA} in sync);</li>
 *   <li>{@code rebuild N}: {@code parse_raid_params} clears leg N's In_sync with {@code recovery_offset} 0;
 *       {@code md_check_recovery} → {@code remove_and_add_spares} counts it and md runs a recovery
 *       ({@code MD_RECOVERY_RECOVER}) of that leg from sector 0, with or without metadata devices.</li>
 * </ul>
 *
 * @param resync       md runs {@code md_do_sync} from sector 0 when the array starts (a resync or a recovery)
 * @param bitmap       md keeps a write-intent bitmap on the metadata devices
 * @param newBitmap    the bitmap is new: every bit set and every chunk needing sync
 *                     ({@code md_bitmap_init_from_disk} with BITMAP_STALE)
 * @param superblocks  the metadata devices carry md superblocks ({@code md_update_sb} writes them)
 */
public record ArrayStart(boolean resync, boolean bitmap, boolean newBitmap, boolean superblocks) {

    /** dm-raid's decision for a table with these properties (see the class comment). */
    public static ArrayStart of(boolean metadataDevices, boolean nosync, boolean sync, boolean rebuild) {
        if (!metadataDevices) {
            return new ArrayStart(rebuild, false, false, false);
        }
        if (sync) {
            return new ArrayStart(false, false, false, true);
        }
        boolean firstUseResync = !nosync;
        return new ArrayStart(firstUseResync || rebuild, true, true, true);
    }
}
