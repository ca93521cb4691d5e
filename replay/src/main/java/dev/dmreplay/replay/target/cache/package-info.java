/**
 * dm-cache (drivers/md/dm-cache-target.c, dm-cache-metadata.c, dm-bio-prison-v2.c of Linux 6.1): the cache target
 * over an origin, a cache and a metadata device, its bio prison, migrations through kcopyd, passthrough's
 * invalidation, the batcher's metadata commits, and its policies behind
 * {@link dev.dmreplay.replay.target.cache.CachePolicy}: smq as 6.1 runs it
 * ({@link dev.dmreplay.replay.target.cache.SmqPolicy}, also {@code mq}, {@code default} and {@code cleaner}) and
 * the model's own simple {@code hitcount} policy ({@link dev.dmreplay.replay.target.cache.HitCountPolicy}). See
 * docs/kernel-model.md §7.5.
 */
package dev.dmreplay.replay.target.cache;
