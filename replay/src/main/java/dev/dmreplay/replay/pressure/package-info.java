/**
 * Memory pressure on the allocator under the mempools (none, soft, hard, in time windows) and duration
 * parsing.
 */
package dev.dmreplay.replay.pressure;
