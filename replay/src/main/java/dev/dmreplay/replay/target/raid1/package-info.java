/**
 * dm-raid's {@code raid} target running md's raid1 personality (drivers/md/dm-raid.c over drivers/md/raid1.c,
 * md.c, md-bitmap.c): the request paths with {@code r1bio}s from their mempool, read balancing, writes to every
 * mirror through raid1d, the resync barrier in its global (v3.5–v3.12, with or without d6b42dcb995e) and per-bucket
 * (v4.12+) generations, the resync thread, md's flush handling and the write-intent bitmap's own I/O.
 */
package dev.dmreplay.replay.target.raid1;
