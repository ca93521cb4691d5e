/**
 * A minimal md device for scenario S6: one flush at a time, member flushes from the submitter or, with
 * the fix, from {@code md_wq} (drivers/md/md.c {@code md_flush_request}).
 */
package dev.dmreplay.replay.md;
