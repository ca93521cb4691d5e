/**
 * dm-cache (drivers/md/dm-cache-target.c, dm-cache-metadata.c, dm-bio-prison-v2.c of Linux 6.1): the cache target
 * over an origin, a cache and a metadata device, its bio prison, migrations through kcopyd, the batcher's
 * metadata commits, and a replacement policy simple enough to state ({@link dev.dmreplay.replay.target.cache.HitCountPolicy};
 * what smq does beyond it is listed there). See docs/kernel-model.md §7.5.
 */
package dev.dmreplay.replay.target.cache;
