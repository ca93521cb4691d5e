/**
 * The block layer of the model: bios, bio lists, mempools with exact reserve semantics (mm/mempool.c),
 * biosets with rescuers ({@code bio_alloc_bioset}, {@code punt_bios_to_rescuer}, block/bio.c), split/clone/chain
 * helpers, {@code generic_make_request} in its V1 (≤ v4.10) and V2 (v4.11+) ordering, and leaf devices with a
 * service model.
 */
package dev.dmreplay.replay.block;
