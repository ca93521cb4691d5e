/**
 * Capturing a bundle on the user's own machine ({@code dmreplay capture}): the DM device and every device below
 * it traced with blktrace, with the dmsetup dumps (keys redacted), lsblk and queue limits dmreplay reads.
 */
package dev.dmreplay.ingest.capture;
