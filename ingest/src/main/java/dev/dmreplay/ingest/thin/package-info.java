/**
 * The pool metadata of a dm-thin pool as {@code thin_dump} (thin-provisioning-tools) prints it in XML: the
 * superblock and, per thin device, its details and mappings. {@link dev.dmreplay.ingest.thin.ThinDumpReader} reads
 * such a dump (a bundle's {@code thin-dump-before.xml}, or one given with {@code --thin-metadata}) so that a replay
 * can start from the pool's state at trace start instead of an empty pool.
 */
package dev.dmreplay.ingest.thin;
