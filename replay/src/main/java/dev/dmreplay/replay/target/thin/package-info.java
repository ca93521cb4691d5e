/**
 * dm-thin (drivers/md/dm-thin.c, dm-thin-metadata.c and dm-bio-prison-v1.c of v6.1 = thin-pool/thin target
 * 1.22.0, as on the captured Debian 12 kernel): the pool's geometry and features, the non-blocking lookup in
 * {@code thin_bio_map} with the bio prison's cells, the pool worker ({@code do_worker} on the pool's ordered
 * workqueue) that provisions blocks (zeroing through kcopyd, or the overwrite shortcut), breaks sharing (kcopyd
 * copies), handles discards (with and without passdown) and commits the metadata (on REQ_PREFLUSH/REQ_FUA and
 * periodically), the metadata device's own I/O, and the pool's mempools (prison cells, mappings).
 */
package dev.dmreplay.replay.target.thin;
