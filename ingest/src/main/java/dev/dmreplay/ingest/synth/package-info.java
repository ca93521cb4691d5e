/**
 * {@code dmreplay synth}: a seeded generator of blktrace bundles (per-CPU binary files in protocol version 7 plus
 * the dmsetup dumps) for a linear/striped device-mapper stack and a described workload. The event shapes follow
 * what a v6.1 kernel records for bio-based DM over request-based disks (docs/kernel-model.md); output is streamed
 * with memory bounded by the queue depth, and is byte-identical for the same stack, workload, size and seed.
 */
package dev.dmreplay.ingest.synth;
