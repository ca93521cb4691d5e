/**
 * dm-mirror (drivers/md/dm-raid1.c, dm-region-hash.c, dm-log.c): regions and their states, the core and disk
 * dirty logs (the disk log's own writes), writes to every leg through dm-io from the {@code kmirrord} worker,
 * reads from the default leg, region-by-region recovery through kcopyd with writes to a recovering region held
 * until it is in sync, and leg failures with or without {@code handle_errors}.
 */
package dev.dmreplay.replay.target.mirror;
