/**
 * The modelled DM targets, one class each (drivers/md/dm-*.c): each has a constructor
 * {@code (TargetContext, begin, len, XxxArgs)} taking ingest's parsed arguments and is registered in
 * {@code stack.TargetTypes}.
 */
package dev.dmreplay.replay.target;
