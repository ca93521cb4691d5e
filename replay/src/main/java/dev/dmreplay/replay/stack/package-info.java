/**
 * Building the modelled machine: {@link dev.dmreplay.replay.stack.StackSpec} (leaves, md devices, DM tables whose
 * lines carry ingest's parsed {@code TargetArgs}), {@link dev.dmreplay.replay.stack.TopologyStacks} (from a parsed
 * {@code dmsetup} topology), {@link dev.dmreplay.replay.stack.TargetTypes} (the registry of modelled target types)
 * and {@link dev.dmreplay.replay.stack.Machine}.
 */
package dev.dmreplay.replay.stack;
