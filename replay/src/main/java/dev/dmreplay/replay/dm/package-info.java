/**
 * The device-mapper core (drivers/md/dm.c, v4.16 with the earlier and later generations as knobs): mapped
 * devices and tables, {@code __split_and_process_bio} per DM generation, {@code alloc_multiple_bios},
 * {@code __map_bio} with typed {@link dev.dmreplay.replay.dm.DmMapio} results, completion, suspend/resume and the
 * rescue mechanisms (dm_offload, {@code md->rescued}, per-device helpers). {@link dev.dmreplay.replay.dm.Target} is
 * the base class of a target; {@link dev.dmreplay.replay.dm.TargetContext} is what its constructor may use.
 */
package dev.dmreplay.replay.dm;
