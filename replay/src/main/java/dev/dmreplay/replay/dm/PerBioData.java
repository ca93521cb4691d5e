package dev.dmreplay.replay.dm;

/**
 * What a target keeps per clone in {@code dm_per_bio_data()} (drivers/md/dm.c): the area of
 * {@code ti->per_io_data_size} bytes DM places in front of every clone it hands the target. Each target that uses
 * it has its own record type (dm-delay's expiry, dm-mirror's region, dm-snapshot's tracked chunk, dm-cache's and
 * dm-crypt's per-bio state), read back with {@link TargetIo#perBio(Class)}.
 */
public interface PerBioData {
}
